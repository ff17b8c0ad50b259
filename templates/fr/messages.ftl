# Français. Tous les mots fixes des documents dans cette langue.
# Traduction de départ : à faire relire par les conseillers juridiques et médicaux de la clinique.
# Le texte des messages est du Markdown ; { $nom } insère une valeur du dossier.

## En-tête et pied de page, aides

title-consent = Consentement à la micropigmentation du cuir chevelu
title-treatment-record = Fiche de traitement
header-client = Client : { $name } ({ $id })
footer-record = dossier sha256:{ $sha256 }
page-of = page { $page } sur { $pages }
initials-box = Initiales du client
yes = Oui
no = Non
role-client = Client
role-practitioner = Praticien
role-witness = Témoin
signature-signed = Signé le { $when }
signature-image = Signature de { $signer } ({ $role }), { $date }
signature-to-sign = (à signer)
signbox-signature = Signature
signbox-name = Nom en majuscules
signbox-date = Date
days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}

## Dates : formats chrono

date-format-date = %-d %B %Y
date-format-datetime = %-d %B %Y à %H:%M %Z
date-format-time = %H:%M %Z

## Noms des codes du dossier

label-frontal_hairline = Ligne frontale
label-temple_left = Tempe gauche
label-temple_right = Tempe droite
label-mid_scalp = Milieu du crâne
label-crown_vertex = Couronne (vertex)
label-donor_area = Zone donneuse
label-scar_fut = Cicatrice de bandelette FUT
label-scar_fue = Cicatrices FUE
label-nape = Nuque
label-alopecia_areata = Pelade
label-alopecia_totalis = Pelade totale
label-male_pattern = Alopécie androgénétique masculine
label-female_pattern = Alopécie androgénétique féminine
label-diffuse_thinning = Raréfaction diffuse
label-scar = Camouflage de cicatrices
label-chemotherapy = Perte de cheveux après chimiothérapie
label-initial = Séance initiale
label-build = Séance de densification
label-refinement = Séance de finition
label-touch_up = Retouche
label-correction = Correction
label-light = Légère
label-medium = Moyenne
label-dense = Dense
label-negative = Négatif (aucune réaction)
label-positive = Positif (réaction)
label-declined = Refusé par le client
label-not_required = Non nécessaire
label-other = Autre
label-none = Aucun
label-pregnant_or_nursing = Grossesse ou allaitement
label-blood_thinners = Anticoagulants
label-bleeding_disorder = Trouble de la coagulation
label-diabetes = Diabète
label-heart_or_blood_pressure = Cœur ou tension artérielle
label-keloid_history = Antécédents de chéloïdes
label-active_scalp_condition = Affection active du cuir chevelu
label-herpes_at_site = Herpès sur la zone
label-isotretinoin_last_12_months = Isotrétinoïne depuis moins de 12 mois
label-chemotherapy_last_6_months = Chimiothérapie depuis moins de 6 mois
label-recent_scalp_surgery = Chirurgie récente du cuir chevelu
label-minoxidil = Minoxidil
label-finasteride = Finastéride
label-under_influence = Sous l'emprise d'alcool ou de drogues

## Formulaire de consentement

c-telephone = Téléphone { $phone }
c-premises-licence = Autorisation de l'établissement { $licence }.
c-premises-licence-short = autorisation de l'établissement { $licence }
c-licence = agrément { $licence }
c-practitioner = Praticien :
c-paper-instructions = Veuillez lire chaque partie de ce formulaire. Cochez vous-même chaque case, seulement si vous êtes d'accord, et paraphez chaque page dans le cadre en bas de page. Aucune case de ce formulaire n'a été cochée à votre place.
c-h-about = 1. Vous concernant
c-client = Client
c-name = Nom
c-client-number = Numéro de client
c-date-of-birth = Date de naissance
c-aged = { $age } ans au
c-identity-checked = Identité vérifiée
c-address = Adresse
c-telephone-label = Téléphone
c-email = Courriel
c-emergency-contact = Personne à prévenir
c-over-18 = Je confirme avoir 18 ans ou plus. Tatouer une personne de moins de 18 ans est interdit par la loi, quoi qu'en dise un parent ou un tuteur.
c-h-what = 2. Qu'est-ce que la micropigmentation du cuir chevelu
c-what = La micropigmentation du cuir chevelu (SMP) dépose de minuscules points de pigment dans les couches superficielles du cuir chevelu à l'aide d'une aiguille fine, pour imiter des cheveux coupés très court ou donner plus de densité à des cheveux clairsemés. **C'est une forme de tatouage.** Un traitement comprend généralement deux ou trois séances espacées de 10 à 30 jours, puis des retouches tous les deux à cinq ans à mesure que le pigment s'estompe. Les résultats varient d'une personne à l'autre et ne peuvent pas être garantis. La SMP est difficile à enlever : le détatouage au laser demande de nombreuses séances et peut ne pas l'effacer complètement.
c-h-plan = 3. Votre plan de traitement
c-plan-course = Je consens à un traitement de **{ $sessions ->
    [one] { $sessions } séance
   *[other] { $sessions } séances
}** de micropigmentation du cuir chevelu
c-plan-interval = , espacées d'environ { $days ->
    [one] { $days } jour
   *[other] { $days } jours
}
c-plan-areas = , sur ces zones de mon cuir chevelu :
c-plan-shade = La teinte de pigment choisie avec moi est **{ $shade }**.
c-plan-further = Toute séance ou retouche au-delà de ce plan nécessitera mon accord le moment venu.
c-fee = Le prix du traitement est de **{ $amount } { $currency }**
c-fee-deposit = , dont un acompte de { $deposit } { $currency } versé à l'avance
c-refunds = Remboursements :
c-h-alternatives = 4. Alternatives
c-alternatives = La SMP est un choix parmi d'autres. Les alternatives comprennent les fibres capillaires, les sprays et crèmes camouflantes, les perruques et compléments capillaires, les médicaments contre la chute des cheveux (comme le minoxidil ou le finastéride, prescrits par un médecin ou délivrés par un pharmacien), la greffe de cheveux, ou l'absence de traitement. J'ai pu poser des questions à leur sujet.
c-h-screening = 5. Questionnaire médical
c-screening-paper = Veuillez répondre à chaque question en cochant Oui ou Non.
c-screening-answered = Répondu le { $date }. La case cochée est la réponse donnée.
c-question = Question
q-pregnant_or_nursing = Êtes-vous enceinte ou allaitez-vous ?
q-blood_thinners = Prenez-vous un médicament anticoagulant (par exemple warfarine, aspirine) ?
q-bleeding_disorder = Avez-vous un trouble de la coagulation ou une maladie hémorragique ?
q-diabetes = Êtes-vous diabétique ?
q-heart_or_blood_pressure = Avez-vous une maladie cardiaque ou une tension artérielle trop haute ou trop basse ?
q-keloid_history = Avez-vous déjà eu des chéloïdes ou des cicatrices en relief ?
q-active_scalp_condition = Avez-vous une affection active du cuir chevelu (psoriasis, eczéma, dermatite, folliculite) ?
q-herpes_at_site = Avez-vous une infection, un bouton de fièvre ou de l'herpès sur la zone à traiter ou à proximité ?
q-isotretinoin_last_12_months = Avez-vous pris de l'isotrétinoïne (Roaccutane) au cours des 12 derniers mois ?
q-chemotherapy_last_6_months = Avez-vous eu une chimiothérapie au cours des 6 derniers mois ?
q-recent_scalp_surgery = Avez-vous eu récemment une chirurgie du cuir chevelu ou une greffe de cheveux ?
q-minoxidil = Utilisez-vous du minoxidil ?
q-finasteride = Prenez-vous du finastéride ?
q-under_influence = Êtes-vous aujourd'hui sous l'emprise de l'alcool ou de drogues ?
c-allergies = Allergies :
c-medications = Médicaments :
c-box-allergies = Allergies (écrivez "aucune" si vous n'en avez pas)
c-box-medications = Médicaments que vous prenez (écrivez "aucun" si vous n'en prenez pas)
c-none-declared = aucun déclaré
c-clearance = Accord du médecin :
c-h-risks = 6. Risques
c-risks-intro = Je comprends que la SMP comporte ces risques, et qu'ils m'ont été expliqués :
c-risk-pain = gêne ou douleur pendant l'intervention, puis rougeur, gonflement ou sensibilité ;
c-risk-infection = infection, si les soins après la séance ne sont pas suivis ;
c-risk-allergy = une réaction allergique au pigment, qu'un test cutané réduit sans pouvoir l'exclure ;
c-risk-scarring = des cicatrices, y compris en relief (chéloïdes) chez les personnes qui y sont sujettes ;
c-risk-fading = un éclaircissement avec le temps, et un changement de couleur du pigment (par exemple vers le bleu ou le vert) ;
c-risk-spreading = des points qui s'étalent ou deviennent flous, et des résultats différents de ce que j'attendais ;
c-risk-sessions = la nécessité de plusieurs séances pour obtenir le résultat souhaité ;
c-risk-removal = la difficulté de l'enlever : elle peut être permanente ;
c-risk-mri = une IRM peut provoquer une sensation de chaleur ou de picotement sur la zone traitée ; je dois en informer le manipulateur.
c-h-patch-test = 7. Test cutané
c-patch-test = Test cutané le { $date } :
c-pigment-lot = lot de pigment { $lot }
c-no-patch-test = Aucun test cutané n'est enregistré. Je comprends qu'un test cutané est recommandé pour vérifier une allergie au pigment.
c-h-aftercare = 8. Avant et après la séance
c-aftercare-received = J'ai reçu les consignes de soins (brochure { $leaflet })
c-in-writing = par écrit
c-will-follow = , et je les suivrai :
c-avoid = À éviter
c-for = Pendant
c-avoid-wetting = Mouiller le cuir chevelu
c-avoid-sweating = Transpirer beaucoup, sport, sauna
c-avoid-sun = Soleil sur le cuir chevelu
c-avoid-swimming = Natation
c-avoid-shaving = Raser le cuir chevelu
c-aftercare-ack = Je prends acte des consignes de soins.
c-aftercare-later = Les consignes de soins me seront remises par écrit à la fin de la séance : en général, ne pas mouiller le cuir chevelu pendant environ 4 jours, ne pas transpirer beaucoup pendant une semaine, ni soleil sur le cuir chevelu ni natation pendant environ 4 semaines.
c-h-wrong = 9. En cas de problème
c-wrong-1 = Un peu de rougeur, de gonflement et de sensibilité pendant quelques jours est normal. Si vous remarquez des signes d'infection (rougeur ou gonflement qui s'étend ou s'aggrave, chaleur, pus, fièvre) ou de réaction allergique (démangeaisons, éruption, gonflement au-delà de la zone traitée), appelez la clinique au
c-or-write-to = ou écrivez à
c-wrong-2 = et consultez un médecin. En cas de difficulté à respirer, de gonflement du visage ou de la gorge, ou de malaise important, appelez immédiatement les services d'urgence.
c-h-withdraw = 10. Retirer votre consentement
c-withdraw = Vous pouvez retirer votre consentement à tout moment avant ou entre les séances, sans donner de raison, en le disant au praticien ou à la clinique. Aucune autre séance n'aura alors lieu. Ce retrait n'efface pas le travail déjà fait, et n'annule pas à lui seul la conservation des dossiers exigée par la loi.
c-h-photos = 11. Photographies
c-photo-clinical = Je consens à des photographies cliniques de mon cuir chevelu, conservées dans mon dossier client confidentiel.
c-photo-marketing = Je consens à l'utilisation de photographies de mon cuir chevelu pour la communication de la clinique (mon visage ne sera pas montré sans accord séparé).
c-photo-separate = Chaque consentement est distinct et facultatif ; refuser n'a aucune incidence sur mon traitement.
c-h-data = 12. Vos données
c-data-controller = est responsable du traitement des données personnelles de ce formulaire
c-contact = contact :
c-data-body = La clinique traite vos données personnelles, y compris des données de santé, pour réaliser le traitement en sécurité, conserver les dossiers exigés par la loi et répondre à un rappel de pigment. Les données de santé sont des données sensibles (article 9 du RGPD, dans l'UE et au Royaume-Uni). Vos dossiers sont conservés de façon confidentielle pendant **{ $years ->
    [one] { $years } an
   *[other] { $years } ans
}** après votre dernier traitement, puis détruits. Vous pouvez demander à tout moment une copie de votre dossier, et la correction de toute erreur.
c-data-consent = Je consens au traitement de mes données de santé par la clinique à ces fins.
c-h-complaints = 13. Réclamations
c-complaints-1 = Si vous n'êtes pas satisfait de votre traitement ou de la façon dont vous avez été traité, parlez-en d'abord au praticien ou à la clinique, par téléphone au
c-or-in-writing-to = ou par écrit à
c-complaints-2 = ; la clinique vous répondra. Si la réponse ne vous satisfait pas, vous pouvez vous adresser à l'autorité locale ou à l'organisme qui autorise l'établissement
c-complaints-3 = , et, pour l'utilisation de vos données personnelles, à l'autorité de protection des données { $country }.
c-h-declaration = 14. Déclaration et signatures
c-declaration = J'ai lu ce formulaire, j'ai pu poser des questions, mes réponses sont vraies et complètes, et je consens au traitement décrit à la section 3.
c-form-version = Formulaire de consentement { $version } ({ $language }).
c-record = Dossier { $id }.
c-fingerprint = Le code qui suit "sha256:" en bas de chaque page est l'empreinte du dossier à partir duquel ce formulaire a été imprimé. Ce dossier est joint au PDF de ce formulaire sous le nom { $record }.json : demandez le PDF à la clinique et enregistrez la pièce jointe (la plupart des lecteurs PDF affichent les pièces jointes) ; tout outil SHA-256 (comme sha256sum) donnera ce même code s'il n'a pas été modifié.

## Fiche de traitement

r-session = Séance
r-born = né(e) le
r-from = à partir de { $time }
r-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
r-number = numéro { $n }
r-record = Dossier
r-h-plan = Plan de traitement
r-plan = { $sessions ->
    [one] { $sessions } séance prévue
   *[other] { $sessions } séances prévues
}
r-plan-interval = , espacées d'environ { $days ->
    [one] { $days } jour
   *[other] { $days } jours
}
r-shade = teinte { $shade }
r-h-consent = Consentement et questionnaire
r-consent-form = Formulaire de consentement { $version }
r-signed-on = , signé par le client le { $date }
r-not-signed = , **pas encore signé**
r-screening-on = Questionnaire rempli le { $date }.
r-screening-yes = Questions auxquelles il a été répondu oui :
r-none = aucune
r-h-patch-test = Test cutané
r-lot = lot { $lot }
r-no-patch-test = Aucun test cutané enregistré.
r-h-assessment = Évaluation
r-conditions = Affections :
r-fitzpatrick = Phototype de Fitzpatrick :
r-norwood = Échelle de Norwood :
r-h-hairline = Ligne frontale
r-hairline-approved = Ligne frontale approuvée par le client le { $date }
r-h-zones = Zones traitées
r-zone = Zone
r-density = Densité
r-notes = Remarques
r-h-pigments = Pigments
r-brand = Marque
r-shade-col = Teinte
r-lot-col = Lot
r-expiry = Péremption
r-dilution = Dilution
r-h-needles = Aiguilles
r-configuration = Configuration
r-diameter = Diamètre
r-h-machine = Appareil
r-model = Modèle
r-stroke = Course
r-speed = Vitesse
r-depth = Profondeur
r-h-anaesthetic = Anesthésique
r-h-adverse = Effets indésirables
r-h-notes-practitioner = Remarques du praticien
r-h-aftercare = Soins après la séance
r-leaflet = Brochure { $leaflet }
r-given-in-writing = remise par écrit
r-acknowledged = dont le client a pris acte
r-avoid = À éviter :
r-wetting = mouiller
r-sweating = transpirer
r-sun = soleil
r-swimming = natation
r-shaving = raser
r-next-appointment = Prochain rendez-vous :
r-no-aftercare = Aucun soin enregistré.
r-h-notes = Remarques
r-h-sign-off = Validation du praticien
r-confirm = Je confirme que cette fiche rend fidèlement compte de la séance.
r-not-signed-off = **Pas encore validée.** Le praticien signe ici une fois la séance terminée, pour confirmer que cette fiche en rend fidèlement compte.

## Country names (others print as their ISO 3166 code)

country-GB = du Royaume-Uni
country-IE = d'Irlande
country-US = des États-Unis
country-CA = du Canada
country-AU = d'Australie
country-NZ = de Nouvelle-Zélande
country-FR = de France
country-DE = d'Allemagne
country-ES = d'Espagne
country-PL = de Pologne
country-PT = du Portugal
country-MX = du Mexique
country-AE = des Émirats arabes unis
country-CN = de Chine
# A correction of an earlier record (record format field "corrects").
corrects-line = Ce dossier corrige le dossier { $record } : { $reason }
