# Polski. Wszystkie stałe słowa dokumentów w tym języku.
# Tłumaczenie wyjściowe: do sprawdzenia przez doradców prawnych i medycznych kliniki.
# Tekst komunikatów to Markdown; { $nazwa } wstawia wartość z rekordu.

## Nagłówek i stopka, pomocnicze

title-consent = Zgoda na mikropigmentację skóry głowy
title-treatment-record = Karta zabiegu
header-client = Klient: { $name } ({ $id })
footer-record = rekord sha256:{ $sha256 }
page-of = strona { $page } z { $pages }
initials-box = Parafa klienta
yes = Tak
no = Nie
role-client = Klient
role-practitioner = Linergista
role-witness = Świadek
signature-signed = Podpisano { $when }
signature-image = Podpis: { $signer } ({ $role }), { $date }
signature-to-sign = (do podpisu)
signbox-signature = Podpis
signbox-name = Imię i nazwisko drukiem
signbox-date = Data
days = { $n ->
    [one] { $n } dzień
   *[other] { $n } dni
}

## Daty: formaty chrono (%B to dopełniacz: kwietnia)

date-format-date = %-d %B %Y
date-format-datetime = %-d %B %Y, godz. %H:%M %Z
date-format-time = %H:%M %Z

## Nazwy kodów rekordu

label-frontal_hairline = Linia czołowa
label-temple_left = Lewa skroń
label-temple_right = Prawa skroń
label-mid_scalp = Środek głowy
label-crown_vertex = Ciemię (wierzchołek)
label-donor_area = Obszar dawczy
label-scar_fut = Blizna po pasku FUT
label-scar_fue = Blizny FUE
label-nape = Kark
label-alopecia_areata = Łysienie plackowate
label-alopecia_totalis = Łysienie całkowite
label-male_pattern = Łysienie typu męskiego
label-female_pattern = Łysienie typu żeńskiego
label-diffuse_thinning = Rozlane przerzedzenie
label-scar = Kamuflaż blizn
label-chemotherapy = Utrata włosów po chemioterapii
label-initial = Zabieg pierwszy
label-build = Zabieg budujący
label-refinement = Zabieg dopracowujący
label-touch_up = Korekta okresowa
label-correction = Korekta
label-light = Lekka
label-medium = Średnia
label-dense = Gęsta
label-negative = Ujemny (brak reakcji)
label-positive = Dodatni (reakcja)
label-declined = Klient odmówił
label-not_required = Niewymagany
label-other = Inne
label-none = Brak
label-pregnant_or_nursing = Ciąża lub karmienie piersią
label-blood_thinners = Leki przeciwzakrzepowe
label-bleeding_disorder = Zaburzenia krzepnięcia
label-diabetes = Cukrzyca
label-heart_or_blood_pressure = Serce lub ciśnienie krwi
label-keloid_history = Skłonność do bliznowców
label-active_scalp_condition = Czynna choroba skóry głowy
label-herpes_at_site = Opryszczka w miejscu zabiegu
label-isotretinoin_last_12_months = Izotretynoina w ostatnich 12 miesiącach
label-chemotherapy_last_6_months = Chemioterapia w ostatnich 6 miesiącach
label-recent_scalp_surgery = Niedawna operacja skóry głowy
label-minoxidil = Minoksydyl
label-finasteride = Finasteryd
label-under_influence = Pod wpływem alkoholu lub narkotyków

## Formularz zgody

c-telephone = Telefon { $phone }
c-premises-licence = Zezwolenie dla lokalu { $licence }.
c-premises-licence-short = zezwolenie dla lokalu { $licence }
c-licence = uprawnienia { $licence }
c-practitioner = Linergista:
c-paper-instructions = Prosimy przeczytać każdą część tego formularza. Każde pole proszę zaznaczyć samodzielnie, tylko jeśli się Pan/Pani zgadza, i parafować każdą stronę w polu u jej dołu. Żadne pole tego formularza nie zostało zaznaczone za Pana/Panią.
c-h-about = 1. Dane osobowe
c-client = Klient
c-name = Imię i nazwisko
c-client-number = Numer klienta
c-date-of-birth = Data urodzenia
c-aged = wiek { $age } { $age ->
    [one] rok
    [few] lata
   *[many] lat
} w dniu
c-identity-checked = Tożsamość sprawdzona
c-address = Adres
c-telephone-label = Telefon
c-email = E-mail
c-emergency-contact = Kontakt w nagłych wypadkach
c-over-18 = Potwierdzam, że mam ukończone 18 lat. Tatuowanie osoby poniżej 18 roku życia jest niezgodne z prawem, niezależnie od zgody rodzica lub opiekuna.
c-h-what = 2. Czym jest mikropigmentacja skóry głowy
c-what = Mikropigmentacja skóry głowy (SMP) polega na wprowadzeniu cienką igłą drobnych punktów pigmentu w górne warstwy skóry głowy, tak by skóra wyglądała jak krótko ostrzyżone włosy, a przerzedzone włosy wydawały się gęstsze. **Jest to forma tatuażu.** Kuracja obejmuje zwykle dwa lub trzy zabiegi w odstępach od 10 do 30 dni, a następnie korekty co dwa do pięciu lat, w miarę blaknięcia pigmentu. Efekty różnią się u poszczególnych osób i nie mogą być zagwarantowane. SMP trudno usunąć: usuwanie laserem wymaga wielu zabiegów i może nie usunąć jej całkowicie.
c-h-plan = 3. Plan zabiegów
c-plan-course = Wyrażam zgodę na kurację obejmującą **{ $sessions ->
    [one] { $sessions } zabieg
    [few] { $sessions } zabiegi
   *[many] { $sessions } zabiegów
}** mikropigmentacji skóry głowy
c-plan-interval = , w odstępach około { $days ->
    [one] { $days } dnia
   *[other] { $days } dni
}
c-plan-areas = , w tych obszarach skóry głowy:
c-plan-shade = Wybrany ze mną odcień pigmentu to **{ $shade }**.
c-plan-further = Dalsze zabiegi lub korekty wykraczające poza ten plan wymagają mojej zgody w danym momencie.
c-fee = Cena kuracji wynosi **{ $amount } { $currency }**
c-fee-deposit = , w tym zaliczka { $deposit } { $currency } płatna z góry
c-refunds = Zwroty:
c-h-alternatives = 4. Inne możliwości
c-alternatives = SMP to jedna z kilku możliwości. Inne to m.in. mikrowłókna do włosów, spraye i kremy maskujące, peruki i systemy uzupełnień włosów, leki na wypadanie włosów (np. minoksydyl lub finasteryd, od lekarza lub farmaceuty), przeszczep włosów lub brak leczenia. Mogłem/mogłam zapytać o każdą z nich.
c-h-screening = 5. Wywiad medyczny
c-screening-paper = Proszę odpowiedzieć na każde pytanie, zaznaczając Tak lub Nie.
c-screening-answered = Odpowiedzi udzielono { $date }. Zaznaczone pole to udzielona odpowiedź.
c-question = Pytanie
q-pregnant_or_nursing = Czy jest Pani w ciąży lub karmi piersią?
q-blood_thinners = Czy przyjmuje Pan/Pani leki rozrzedzające krew (np. warfarynę, aspirynę)?
q-bleeding_disorder = Czy ma Pan/Pani zaburzenia krzepnięcia krwi lub skazę krwotoczną?
q-diabetes = Czy choruje Pan/Pani na cukrzycę?
q-heart_or_blood_pressure = Czy ma Pan/Pani chorobę serca albo wysokie lub niskie ciśnienie krwi?
q-keloid_history = Czy kiedykolwiek tworzyły się u Pana/Pani bliznowce lub wypukłe blizny?
q-active_scalp_condition = Czy ma Pan/Pani czynną chorobę skóry głowy (łuszczycę, egzemę, zapalenie skóry, zapalenie mieszków włosowych)?
q-herpes_at_site = Czy ma Pan/Pani infekcję, opryszczkę lub zmiany opryszczkowe w miejscu zabiegu lub w jego pobliżu?
q-isotretinoin_last_12_months = Czy w ciągu ostatnich 12 miesięcy przyjmował(a) Pan/Pani izotretynoinę?
q-chemotherapy_last_6_months = Czy w ciągu ostatnich 6 miesięcy przechodził(a) Pan/Pani chemioterapię?
q-recent_scalp_surgery = Czy niedawno przeszedł/przeszła Pan/Pani operację skóry głowy lub przeszczep włosów?
q-minoxidil = Czy stosuje Pan/Pani minoksydyl?
q-finasteride = Czy przyjmuje Pan/Pani finasteryd?
q-under_influence = Czy jest Pan/Pani dziś pod wpływem alkoholu lub narkotyków?
c-allergies = Alergie:
c-medications = Leki:
c-box-allergies = Alergie (proszę wpisać "brak", jeśli ich nie ma)
c-box-medications = Przyjmowane leki (proszę wpisać "brak", jeśli żadnych)
c-none-declared = nie zgłoszono
c-clearance = Zgoda lekarza:
c-h-risks = 6. Ryzyko
c-risks-intro = Rozumiem, że SMP wiąże się z następującym ryzykiem, które mi wyjaśniono:
c-risk-pain = dyskomfort lub ból podczas zabiegu oraz zaczerwienienie, obrzęk lub tkliwość po nim;
c-risk-infection = zakażenie, jeśli zalecenia pozabiegowe nie będą przestrzegane;
c-risk-allergy = reakcja alergiczna na pigment, której ryzyko test uczuleniowy zmniejsza, ale nie wyklucza;
c-risk-scarring = blizny, w tym wypukłe (bliznowce) u osób ze skłonnością do nich;
c-risk-fading = blaknięcie z czasem i zmiana koloru pigmentu (np. w stronę niebieskiego lub zielonego);
c-risk-spreading = rozlewanie się lub rozmywanie punktów oraz efekt inny niż oczekiwany;
c-risk-sessions = konieczność kilku zabiegów dla osiągnięcia zamierzonego efektu;
c-risk-removal = trudność usunięcia: może być trwała;
c-risk-mri = badanie rezonansem magnetycznym może wywołać uczucie ciepła lub mrowienia w obszarze zabiegu; należy o tym uprzedzić personel.
c-h-patch-test = 7. Test uczuleniowy
c-patch-test = Test uczuleniowy { $date }:
c-pigment-lot = partia pigmentu { $lot }
c-no-patch-test = Nie odnotowano testu uczuleniowego. Rozumiem, że zaleca się test uczuleniowy, aby sprawdzić uczulenie na pigment.
c-h-aftercare = 8. Przed zabiegiem i po nim
c-aftercare-received = Otrzymałem/otrzymałam zalecenia pozabiegowe (ulotka { $leaflet })
c-in-writing = na piśmie
c-will-follow = { " " }i będę ich przestrzegać:
c-avoid = Unikać
c-for = Przez
c-avoid-wetting = Moczenia skóry głowy
c-avoid-sweating = Silnego pocenia się, ćwiczeń, sauny
c-avoid-sun = Słońca na skórze głowy
c-avoid-swimming = Pływania
c-avoid-shaving = Golenia skóry głowy
c-aftercare-ack = Potwierdzam otrzymanie zaleceń pozabiegowych.
c-aftercare-later = Zalecenia pozabiegowe otrzymam na piśmie po zabiegu: zwykle nie moczyć skóry głowy przez około 4 dni, unikać silnego pocenia się przez tydzień, a słońca na skórze głowy i pływania przez około 4 tygodnie.
c-h-wrong = 9. Jeśli coś pójdzie nie tak
c-wrong-1 = Niewielkie zaczerwienienie, obrzęk i tkliwość przez kilka dni są normalne. Jeśli zauważy Pan/Pani objawy zakażenia (zaczerwienienie lub obrzęk, który się szerzy lub nasila, ucieplenie, ropa, gorączka) lub reakcji alergicznej (swędzenie, wysypka, obrzęk poza obszarem zabiegu), proszę zadzwonić do kliniki pod numer
c-or-write-to = lub napisać na adres
c-wrong-2 = i zgłosić się do lekarza. W razie duszności, obrzęku twarzy lub gardła albo bardzo złego samopoczucia należy natychmiast wezwać pogotowie ratunkowe.
c-h-withdraw = 10. Wycofanie zgody
c-withdraw = Może Pan/Pani wycofać zgodę w dowolnym momencie przed zabiegami lub między nimi, bez podawania przyczyny, informując linergistę lub klinikę. Wtedy nie odbędzie się żaden kolejny zabieg. Wycofanie zgody nie cofa wykonanej już pracy i samo w sobie nie znosi obowiązku przechowywania dokumentacji wymaganej prawem.
c-h-photos = 11. Zdjęcia
c-photo-clinical = Wyrażam zgodę na zdjęcia kliniczne mojej skóry głowy, przechowywane w mojej poufnej dokumentacji.
c-photo-marketing = Wyrażam zgodę na wykorzystanie zdjęć mojej skóry głowy w materiałach promocyjnych kliniki (moja twarz nie zostanie pokazana bez odrębnej zgody).
c-photo-separate = Każda zgoda jest odrębna i dobrowolna; odmowa nie wpływa na mój zabieg.
c-h-data = 12. Pana/Pani dane
c-data-controller = jest administratorem danych osobowych zawartych w tym formularzu
c-contact = kontakt:
c-data-body = Klinika przetwarza Pana/Pani dane osobowe, w tym dane o zdrowiu, aby bezpiecznie wykonać zabieg, prowadzić dokumentację wymaganą prawem i reagować na wycofanie pigmentu z obrotu. Dane o zdrowiu to szczególna kategoria danych (art. 9 RODO, w UE i Wielkiej Brytanii). Dokumentacja jest przechowywana poufnie przez **{ $years ->
    [one] { $years } rok
    [few] { $years } lata
   *[many] { $years } lat
}** od ostatniego zabiegu, a następnie niszczona. W każdej chwili może Pan/Pani poprosić o kopię dokumentacji i o sprostowanie błędnych danych.
c-data-consent = Wyrażam zgodę na przetwarzanie przez klinikę moich danych o zdrowiu w tych celach.
c-h-complaints = 13. Skargi
c-complaints-1 = Jeśli jest Pan/Pani niezadowolony/niezadowolona z zabiegu lub z traktowania, proszę najpierw zgłosić to linergiście lub klinice, telefonicznie pod numerem
c-or-in-writing-to = lub pisemnie na adres
c-complaints-2 = ; klinika udzieli odpowiedzi. Jeśli odpowiedź nie będzie satysfakcjonująca, można złożyć skargę do władz lokalnych lub organu wydającego zezwolenie dla lokalu kliniki
c-complaints-3 = , a w sprawie wykorzystania danych osobowych do organu ochrony danych właściwego dla państwa: { $country }.
c-h-declaration = 14. Oświadczenie i podpisy
c-declaration = Przeczytałem/przeczytałam ten formularz, miałem/miałam możliwość zadania pytań, moje odpowiedzi są prawdziwe i pełne, i wyrażam zgodę na zabieg opisany w punkcie 3.
c-form-version = Formularz zgody { $version } ({ $language }).
c-record = Rekord { $id }.
c-fingerprint = Kod po "sha256:" u dołu każdej strony to odcisk rekordu, z którego wydrukowano ten formularz. Ten rekord jest dołączony do pliku PDF tego formularza jako plik { $record }.json: proszę poprosić klinikę o plik PDF i zapisać załącznik (większość przeglądarek PDF pokazuje załączniki); każde narzędzie SHA-256 (np. sha256sum) poda dla niego ten sam kod, jeśli nie został zmieniony.

## Karta zabiegu

r-session = Zabieg
r-born = ur.
r-from = od { $time }
r-minutes = { $n ->
    [one] { $n } minuta
    [few] { $n } minuty
   *[many] { $n } minut
}
r-number = numer { $n }
r-record = Rekord
r-h-plan = Plan zabiegów
r-plan = Zaplanowane zabiegi: { $sessions }
r-plan-interval = , w odstępach około { $days ->
    [one] { $days } dnia
   *[other] { $days } dni
}
r-shade = odcień { $shade }
r-h-consent = Zgoda i wywiad
r-consent-form = Formularz zgody { $version }
r-signed-on = , podpisany przez klienta { $date }
r-not-signed = , **jeszcze niepodpisany**
r-screening-on = Wywiad wypełniony { $date }.
r-screening-yes = Pytania z odpowiedzią tak:
r-none = brak
r-h-patch-test = Test uczuleniowy
r-lot = partia { $lot }
r-no-patch-test = Nie odnotowano testu uczuleniowego.
r-h-assessment = Ocena
r-conditions = Rozpoznanie:
r-fitzpatrick = Fototyp skóry wg Fitzpatricka:
r-norwood = Skala Norwooda:
r-h-hairline = Linia włosów
r-hairline-approved = Linia włosów zatwierdzona przez klienta { $date }
r-h-zones = Obszary zabiegu
r-zone = Obszar
r-density = Gęstość
r-notes = Uwagi
r-h-pigments = Pigmenty
r-brand = Marka
r-shade-col = Odcień
r-lot-col = Partia
r-expiry = Ważność
r-dilution = Rozcieńczenie
r-h-needles = Igły
r-configuration = Konfiguracja
r-diameter = Średnica
r-h-machine = Urządzenie
r-model = Model
r-stroke = Skok
r-speed = Prędkość
r-depth = Głębokość
r-h-anaesthetic = Środek znieczulający
r-h-adverse = Zdarzenia niepożądane
r-h-notes-practitioner = Uwagi linergisty
r-h-aftercare = Zalecenia pozabiegowe
r-leaflet = Ulotka { $leaflet }
r-given-in-writing = przekazana na piśmie
r-acknowledged = potwierdzona przez klienta
r-avoid = Unikać:
r-wetting = moczenia
r-sweating = pocenia się
r-sun = słońca
r-swimming = pływania
r-shaving = golenia
r-next-appointment = Następna wizyta:
r-no-aftercare = Nie odnotowano zaleceń pozabiegowych.
r-h-notes = Uwagi
r-h-sign-off = Zatwierdzenie przez linergistę
r-confirm = Potwierdzam, że ta karta wiernie opisuje zabieg.
r-not-signed-off = **Jeszcze niezatwierdzona.** Linergista podpisuje tutaj po zakończeniu zabiegu, potwierdzając, że karta wiernie go opisuje.

## Country names (others print as their ISO 3166 code)

country-GB = Wielka Brytania
country-IE = Irlandia
country-US = Stany Zjednoczone
country-CA = Kanada
country-AU = Australia
country-NZ = Nowa Zelandia
country-FR = Francja
country-DE = Niemcy
country-ES = Hiszpania
country-PL = Polska
country-PT = Portugalia
country-MX = Meksyk
country-AE = Zjednoczone Emiraty Arabskie
country-CN = Chiny
# A correction of an earlier record (record format field "corrects").
corrects-line = Ten zapis koryguje zapis { $record }: { $reason }
