# Deutsch. Alle festen Wörter der Dokumente in dieser Sprache.
# Ausgangsübersetzung: von den rechtlichen und medizinischen Beratern der Klinik zu prüfen.
# Der Text der Meldungen ist Markdown; { $name } fügt einen Wert des Datensatzes ein.

## Kopf- und Fußzeile, Helfer

title-consent = Einwilligung in die Skalp-Mikropigmentierung
title-treatment-record = Behandlungsprotokoll
header-client = Kunde: { $name } ({ $id })
footer-record = Datensatz sha256:{ $sha256 }
page-of = Seite { $page } von { $pages }
initials-box = Kürzel des Kunden
yes = Ja
no = Nein
role-client = Kunde
role-practitioner = Behandler
role-witness = Zeuge
signature-signed = Unterschrieben am { $when }
signature-image = Unterschrift von { $signer } ({ $role }), { $date }
signature-to-sign = (zu unterschreiben)
signbox-signature = Unterschrift
signbox-name = Name in Druckbuchstaben
signbox-date = Datum
days = { $n ->
    [one] { $n } Tag
   *[other] { $n } Tage
}

## Datumsangaben: chrono-Formate

date-format-date = %-d. %B %Y
date-format-datetime = %-d. %B %Y um %H:%M %Z
date-format-time = %H:%M %Z

## Namen der Codes des Datensatzes

label-frontal_hairline = Stirnhaarlinie
label-temple_left = Linke Schläfe
label-temple_right = Rechte Schläfe
label-mid_scalp = Mittlere Kopfhaut
label-crown_vertex = Oberkopf (Vertex)
label-donor_area = Spenderbereich
label-scar_fut = FUT-Streifennarbe
label-scar_fue = FUE-Narben
label-nape = Nacken
label-alopecia_areata = Kreisrunder Haarausfall (Alopecia areata)
label-alopecia_totalis = Alopecia totalis
label-male_pattern = Erblich bedingter Haarausfall beim Mann
label-female_pattern = Erblich bedingter Haarausfall bei der Frau
label-diffuse_thinning = Diffuses Ausdünnen
label-scar = Narbenkaschierung
label-chemotherapy = Haarausfall nach Chemotherapie
label-initial = Erstsitzung
label-build = Aufbausitzung
label-refinement = Verfeinerungssitzung
label-touch_up = Auffrischung
label-correction = Korrektur
label-light = Leicht
label-medium = Mittel
label-dense = Dicht
label-negative = Negativ (keine Reaktion)
label-positive = Positiv (Reaktion)
label-declined = Vom Kunden abgelehnt
label-not_required = Nicht erforderlich
label-other = Sonstiges
label-none = Keine
label-pregnant_or_nursing = Schwangerschaft oder Stillzeit
label-blood_thinners = Blutverdünner
label-bleeding_disorder = Blutgerinnungsstörung
label-diabetes = Diabetes
label-heart_or_blood_pressure = Herz oder Blutdruck
label-keloid_history = Keloide in der Vorgeschichte
label-active_scalp_condition = Aktive Kopfhauterkrankung
label-herpes_at_site = Herpes im Behandlungsbereich
label-isotretinoin_last_12_months = Isotretinoin in den letzten 12 Monaten
label-chemotherapy_last_6_months = Chemotherapie in den letzten 6 Monaten
label-recent_scalp_surgery = Kürzliche Kopfhautoperation
label-minoxidil = Minoxidil
label-finasteride = Finasterid
label-under_influence = Unter Alkohol- oder Drogeneinfluss

## Einwilligungsformular

c-telephone = Telefon { $phone }
c-premises-licence = Betriebserlaubnis { $licence }.
c-premises-licence-short = Betriebserlaubnis { $licence }
c-licence = Zulassung { $licence }
c-practitioner = Behandler:
c-paper-instructions = Bitte lesen Sie jeden Teil dieses Formulars. Kreuzen Sie jedes Kästchen selbst an, nur wenn Sie einverstanden sind, und setzen Sie Ihr Kürzel in das Feld unten auf jeder Seite. Auf diesem Formular wurde nichts für Sie angekreuzt.
c-h-about = 1. Zu Ihrer Person
c-client = Kunde
c-name = Name
c-client-number = Kundennummer
c-date-of-birth = Geburtsdatum
c-aged = { $age } Jahre alt am
c-identity-checked = Identität geprüft
c-address = Anschrift
c-telephone-label = Telefon
c-email = E-Mail
c-emergency-contact = Notfallkontakt
c-over-18 = Ich bestätige, dass ich mindestens 18 Jahre alt bin. Eine Person unter 18 Jahren zu tätowieren ist gesetzlich verboten, unabhängig davon, was ein Elternteil oder Vormund sagt.
c-h-what = 2. Was Skalp-Mikropigmentierung ist
c-what = Bei der Skalp-Mikropigmentierung (SMP) werden mit einer feinen Nadel winzige Pigmentpunkte in die oberen Schichten der Kopfhaut eingebracht, sodass die Kopfhaut wie kurz geschnittenes Haar aussieht oder dünner werdendes Haar voller wirkt. **Sie ist eine Form der Tätowierung.** Eine Behandlung umfasst meist zwei oder drei Sitzungen im Abstand von 10 bis 30 Tagen, danach Auffrischungen alle zwei bis fünf Jahre, wenn das Pigment verblasst. Die Ergebnisse sind von Mensch zu Mensch verschieden und können nicht garantiert werden. SMP ist schwer zu entfernen: Die Laserentfernung braucht viele Sitzungen und entfernt sie unter Umständen nicht vollständig.
c-h-plan = 3. Ihr Behandlungsplan
c-plan-course = Ich willige in eine Behandlung mit **{ $sessions ->
    [one] { $sessions } Sitzung
   *[other] { $sessions } Sitzungen
}** Skalp-Mikropigmentierung ein
c-plan-interval = , im Abstand von etwa { $days ->
    [one] einem Tag
   *[other] { $days } Tagen
}
c-plan-areas = , an diesen Bereichen meiner Kopfhaut:
c-plan-shade = Der mit mir gewählte Pigmentfarbton ist **{ $shade }**.
c-plan-further = Weitere Sitzungen oder Auffrischungen über diesen Plan hinaus bedürfen dann meiner Zustimmung.
c-fee = Der Preis der Behandlung beträgt **{ $amount } { $currency }**
c-fee-deposit = , davon eine Anzahlung von { $deposit } { $currency } im Voraus
c-refunds = Erstattungen:
c-h-alternatives = 4. Alternativen
c-alternatives = SMP ist eine Möglichkeit unter mehreren. Zu den Alternativen gehören Haarfasern, Abdecksprays und -cremes, Perücken und Haarsysteme, Arzneimittel gegen Haarausfall (etwa Minoxidil oder Finasterid, vom Arzt oder Apotheker), eine Haartransplantation oder gar keine Behandlung. Ich konnte dazu Fragen stellen.
c-h-screening = 5. Medizinischer Fragebogen
c-screening-paper = Bitte beantworten Sie jede Frage, indem Sie Ja oder Nein ankreuzen.
c-screening-answered = Beantwortet am { $date }. Das angekreuzte Kästchen ist die gegebene Antwort.
c-question = Frage
q-pregnant_or_nursing = Sind Sie schwanger oder stillen Sie?
q-blood_thinners = Nehmen Sie blutverdünnende Medikamente (zum Beispiel Warfarin, Aspirin)?
q-bleeding_disorder = Haben Sie eine Blutungs- oder Gerinnungsstörung?
q-diabetes = Haben Sie Diabetes?
q-heart_or_blood_pressure = Haben Sie eine Herzerkrankung oder zu hohen oder zu niedrigen Blutdruck?
q-keloid_history = Haben Sie jemals Keloide oder wulstige Narben gebildet?
q-active_scalp_condition = Haben Sie eine aktive Kopfhauterkrankung (Psoriasis, Ekzem, Dermatitis, Follikulitis)?
q-herpes_at_site = Haben Sie eine Infektion, ein Fieberbläschen oder Herpes am oder nahe dem Behandlungsbereich?
q-isotretinoin_last_12_months = Haben Sie in den letzten 12 Monaten Isotretinoin (Roaccutan) eingenommen?
q-chemotherapy_last_6_months = Hatten Sie in den letzten 6 Monaten eine Chemotherapie?
q-recent_scalp_surgery = Hatten Sie kürzlich eine Kopfhautoperation oder eine Haartransplantation?
q-minoxidil = Verwenden Sie Minoxidil?
q-finasteride = Nehmen Sie Finasterid?
q-under_influence = Stehen Sie heute unter dem Einfluss von Alkohol oder Drogen?
c-allergies = Allergien:
c-medications = Medikamente:
c-box-allergies = Allergien (schreiben Sie "keine", wenn Sie keine haben)
c-box-medications = Medikamente, die Sie nehmen (schreiben Sie "keine", wenn Sie keine nehmen)
c-none-declared = keine angegeben
c-clearance = Ärztliche Freigabe:
c-h-risks = 6. Risiken
c-risks-intro = Mir ist bewusst, dass SMP diese Risiken birgt, und sie wurden mir erklärt:
c-risk-pain = Unbehagen oder Schmerzen während der Behandlung sowie Rötung, Schwellung oder Druckempfindlichkeit danach;
c-risk-infection = Infektion, wenn die Nachsorge nicht eingehalten wird;
c-risk-allergy = eine allergische Reaktion auf das Pigment, die ein Verträglichkeitstest verringert, aber nicht ausschließen kann;
c-risk-scarring = Narbenbildung, auch wulstige Narben (Keloide) bei Menschen, die dazu neigen;
c-risk-fading = Verblassen mit der Zeit und eine Farbverschiebung des Pigments (zum Beispiel ins Bläuliche oder Grünliche);
c-risk-spreading = verlaufende oder verschwimmende Punkte und Ergebnisse, die von meinen Erwartungen abweichen;
c-risk-sessions = dass mehrere Sitzungen nötig sind, um das gewünschte Ergebnis zu erreichen;
c-risk-removal = schwierige Entfernung: sie kann dauerhaft sein;
c-risk-mri = eine MRT-Untersuchung kann im behandelten Bereich Wärme oder Kribbeln verursachen; ich sollte das Personal darauf hinweisen.
c-h-patch-test = 7. Verträglichkeitstest
c-patch-test = Verträglichkeitstest am { $date }:
c-pigment-lot = Pigmentcharge { $lot }
c-no-patch-test = Es ist kein Verträglichkeitstest verzeichnet. Mir ist bewusst, dass ein Verträglichkeitstest empfohlen wird, um eine Allergie gegen das Pigment zu prüfen.
c-h-aftercare = 8. Vor und nach der Sitzung
c-aftercare-received = Ich habe die Nachsorgehinweise erhalten (Merkblatt { $leaflet })
c-in-writing = schriftlich
c-will-follow = , und ich werde sie befolgen:
c-avoid = Vermeiden
c-for = Dauer
c-avoid-wetting = Kopfhaut nass machen
c-avoid-sweating = Starkes Schwitzen, Sport, Sauna
c-avoid-sun = Sonne auf der Kopfhaut
c-avoid-swimming = Schwimmen
c-avoid-shaving = Kopfhaut rasieren
c-aftercare-ack = Ich bestätige die Nachsorgehinweise.
c-aftercare-later = Die Nachsorgehinweise erhalte ich am Ende der Sitzung schriftlich: in der Regel etwa 4 Tage die Kopfhaut nicht nass machen, etwa eine Woche nicht stark schwitzen, etwa 4 Wochen keine Sonne auf der Kopfhaut und nicht schwimmen.
c-h-wrong = 9. Wenn etwas nicht stimmt
c-wrong-1 = Etwas Rötung, Schwellung und Druckempfindlichkeit für einige Tage ist normal. Wenn Sie Anzeichen einer Infektion (Rötung oder Schwellung, die sich ausbreitet oder verschlimmert, Wärme, Eiter, Fieber) oder einer allergischen Reaktion (Juckreiz, Ausschlag, Schwellung über den behandelten Bereich hinaus) bemerken, rufen Sie die Klinik an unter
c-or-write-to = oder schreiben Sie an
c-wrong-2 = und suchen Sie einen Arzt auf. Bei Atemnot, Schwellung von Gesicht oder Hals oder wenn Sie sich sehr unwohl fühlen, rufen Sie sofort den Notruf.
c-h-withdraw = 10. Widerruf Ihrer Einwilligung
c-withdraw = Sie können Ihre Einwilligung jederzeit vor oder zwischen den Sitzungen ohne Angabe von Gründen widerrufen, indem Sie es dem Behandler oder der Klinik mitteilen. Dann findet keine weitere Sitzung statt. Der Widerruf macht bereits durchgeführte Arbeit nicht rückgängig und hebt die gesetzlich vorgeschriebene Aufbewahrung der Unterlagen nicht auf.
c-h-photos = 11. Fotografien
c-photo-clinical = Ich willige in klinische Fotografien meiner Kopfhaut ein, die in meiner vertraulichen Kundenakte aufbewahrt werden.
c-photo-marketing = Ich willige ein, dass Fotografien meiner Kopfhaut für die Werbung der Klinik verwendet werden (mein Gesicht wird ohne gesonderte Vereinbarung nicht gezeigt).
c-photo-separate = Jede Einwilligung ist eigenständig und freiwillig; ein Nein hat keinen Einfluss auf meine Behandlung.
c-h-data = 12. Ihre Daten
c-data-controller = ist Verantwortliche für die personenbezogenen Daten auf diesem Formular
c-contact = Kontakt:
c-data-body = Die Klinik verarbeitet Ihre personenbezogenen Daten, einschließlich Gesundheitsdaten, um die Behandlung sicher durchzuführen, die gesetzlich vorgeschriebenen Unterlagen zu führen und auf einen Pigmentrückruf reagieren zu können. Gesundheitsdaten sind besondere Kategorien personenbezogener Daten (Artikel 9 DSGVO, in der EU und im Vereinigten Königreich). Ihre Unterlagen werden nach Ihrer letzten Behandlung **{ $years ->
    [one] { $years } Jahr
   *[other] { $years } Jahre
}** lang vertraulich aufbewahrt und dann vernichtet. Sie können jederzeit eine Kopie Ihrer Unterlagen und die Berichtigung falscher Angaben verlangen.
c-data-consent = Ich willige ein, dass die Klinik meine Gesundheitsdaten zu diesen Zwecken verarbeitet.
c-h-complaints = 13. Beschwerden
c-complaints-1 = Wenn Sie mit Ihrer Behandlung oder mit dem Umgang mit Ihnen unzufrieden sind, wenden Sie sich zuerst an den Behandler oder die Klinik, telefonisch unter
c-or-in-writing-to = oder schriftlich an
c-complaints-2 = ; die Klinik wird Ihnen antworten. Sind Sie mit der Antwort nicht zufrieden, können Sie sich bei der örtlichen Behörde oder Stelle beschweren, die die Räume der Klinik zulässt
c-complaints-3 = , und wegen der Verwendung Ihrer personenbezogenen Daten bei der Datenschutzaufsichtsbehörde { $country }.
c-h-declaration = 14. Erklärung und Unterschriften
c-declaration = Ich habe dieses Formular gelesen, ich hatte Gelegenheit, Fragen zu stellen, meine Antworten sind wahr und vollständig, und ich willige in die in Abschnitt 3 beschriebene Behandlung ein.
c-form-version = Einwilligungsformular { $version } ({ $language }).
c-record = Datensatz { $id }.
c-fingerprint = Der Code nach "sha256:" unten auf jeder Seite ist der Fingerabdruck des Datensatzes, aus dem dieses Formular gedruckt wurde. Dieser Datensatz ist dem PDF dieses Formulars als Datei { $record }.json angehängt: Bitten Sie die Klinik um das PDF und speichern Sie den Anhang (die meisten PDF-Programme zeigen Anhänge an); jedes SHA-256-Werkzeug (etwa sha256sum) ergibt dafür denselben Code, wenn er unverändert ist.

## Behandlungsprotokoll

r-session = Sitzung
r-born = geboren am
r-from = ab { $time }
r-minutes = { $n ->
    [one] { $n } Minute
   *[other] { $n } Minuten
}
r-number = Nummer { $n }
r-record = Datensatz
r-h-plan = Behandlungsplan
r-plan = { $sessions ->
    [one] { $sessions } Sitzung geplant
   *[other] { $sessions } Sitzungen geplant
}
r-plan-interval = , im Abstand von etwa { $days ->
    [one] einem Tag
   *[other] { $days } Tagen
}
r-shade = Farbton { $shade }
r-h-consent = Einwilligung und Fragebogen
r-consent-form = Einwilligungsformular { $version }
r-signed-on = , vom Kunden unterschrieben am { $date }
r-not-signed = , **noch nicht unterschrieben**
r-screening-on = Fragebogen beantwortet am { $date }.
r-screening-yes = Mit Ja beantwortete Fragen:
r-none = keine
r-h-patch-test = Verträglichkeitstest
r-lot = Charge { $lot }
r-no-patch-test = Kein Verträglichkeitstest verzeichnet.
r-h-assessment = Befund
r-conditions = Befunde:
r-fitzpatrick = Hauttyp nach Fitzpatrick:
r-norwood = Norwood-Skala:
r-h-hairline = Haarlinie
r-hairline-approved = Haarlinie vom Kunden freigegeben am { $date }
r-h-zones = Behandelte Bereiche
r-zone = Bereich
r-density = Dichte
r-notes = Anmerkungen
r-h-pigments = Pigmente
r-brand = Marke
r-shade-col = Farbton
r-lot-col = Charge
r-expiry = Ablauf
r-dilution = Verdünnung
r-h-needles = Nadeln
r-configuration = Konfiguration
r-diameter = Durchmesser
r-h-machine = Gerät
r-model = Modell
r-stroke = Hub
r-speed = Geschwindigkeit
r-depth = Tiefe
r-h-anaesthetic = Betäubungsmittel
r-h-adverse = Unerwünschte Ereignisse
r-h-notes-practitioner = Anmerkungen des Behandlers
r-h-aftercare = Nachsorge
r-leaflet = Merkblatt { $leaflet }
r-given-in-writing = schriftlich ausgehändigt
r-acknowledged = vom Kunden bestätigt
r-avoid = Vermeiden:
r-wetting = Nässe
r-sweating = Schwitzen
r-sun = Sonne
r-swimming = Schwimmen
r-shaving = Rasieren
r-next-appointment = Nächster Termin:
r-no-aftercare = Keine Nachsorge verzeichnet.
r-h-notes = Anmerkungen
r-h-sign-off = Abzeichnung durch den Behandler
r-confirm = Ich bestätige, dass dieses Protokoll die Sitzung wahrheitsgemäß wiedergibt.
r-not-signed-off = **Noch nicht abgezeichnet.** Der Behandler unterschreibt hier nach dem Ende der Sitzung, um zu bestätigen, dass dieses Protokoll sie wahrheitsgemäß wiedergibt.

## Country names (others print as their ISO 3166 code)

country-GB = des Vereinigten Königreichs
country-IE = Irlands
country-US = der Vereinigten Staaten
country-CA = Kanadas
country-AU = Australiens
country-NZ = Neuseelands
country-FR = Frankreichs
country-DE = Deutschlands
country-ES = Spaniens
country-PL = Polens
country-PT = Portugals
country-MX = Mexikos
country-AE = der Vereinigten Arabischen Emirate
country-CN = Chinas
# A correction of an earlier record (record format field "corrects").
corrects-line = Dieser Datensatz berichtigt den Datensatz { $record }: { $reason }
