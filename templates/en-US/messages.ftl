# English (United States). Every fixed word of the documents in this language.
# Message text is Markdown; { $name } inserts a value of the record.

## Page header and footer, helpers

title-consent = Consent to scalp micropigmentation
title-treatment-record = Treatment record
header-client = Client: { $name } ({ $id })
footer-record = record sha256:{ $sha256 }
page-of = page { $page } of { $pages }
initials-box = Client's initials
yes = Yes
no = No
role-client = Client
role-practitioner = Practitioner
role-witness = Witness
signature-signed = Signed { $when }
signature-image = Signature of { $signer } ({ $role }), { $date }
signature-to-sign = (to be signed)
signbox-signature = Signature
signbox-name = Name in capital letters
signbox-date = Date
days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}

## Dates: chrono formats (%d day, %B month name, %Y year, %H:%M time, %Z time zone)

date-format-date = %B %-d, %Y
date-format-datetime = %B %-d, %Y at %-I:%M %p %Z
date-format-time = %-I:%M %p %Z

## Names of the record's codes

label-frontal_hairline = Frontal hairline
label-temple_left = Left temple
label-temple_right = Right temple
label-mid_scalp = Mid scalp
label-crown_vertex = Crown (vertex)
label-donor_area = Donor area
label-scar_fut = FUT strip scar
label-scar_fue = FUE scars
label-nape = Nape
label-alopecia_areata = Alopecia areata
label-alopecia_totalis = Alopecia totalis
label-male_pattern = Male pattern hair loss
label-female_pattern = Female pattern hair loss
label-diffuse_thinning = Diffuse thinning
label-scar = Scar concealment
label-chemotherapy = Hair loss after chemotherapy
label-initial = Initial session
label-build = Build session
label-refinement = Refinement session
label-touch_up = Touch-up
label-correction = Correction
label-light = Light
label-medium = Medium
label-dense = Dense
label-negative = Negative (no reaction)
label-positive = Positive (reaction)
label-declined = Declined by the client
label-not_required = Not required
label-other = Other
label-none = None
label-pregnant_or_nursing = Pregnant or nursing
label-blood_thinners = Blood thinners
label-bleeding_disorder = Bleeding disorder
label-diabetes = Diabetes
label-heart_or_blood_pressure = Heart or blood pressure
label-keloid_history = Keloid history
label-active_scalp_condition = Active scalp condition
label-herpes_at_site = Herpes at site
label-isotretinoin_last_12_months = Isotretinoin last 12 months
label-chemotherapy_last_6_months = Chemotherapy last 6 months
label-recent_scalp_surgery = Recent scalp surgery
label-minoxidil = Minoxidil
label-finasteride = Finasteride
label-under_influence = Under influence

## Consent form

c-telephone = Phone { $phone }
c-premises-licence = Premises license { $licence }.
c-premises-licence-short = premises license { $licence }
c-licence = license { $licence }
c-practitioner = Practitioner:
c-paper-instructions = Please read every part of this form. Tick each box yourself, only if you agree, and initial every page in the box at its foot. Nothing on this form has been ticked for you.
c-h-about = 1. About you
c-client = Client
c-name = Name
c-client-number = Client number
c-date-of-birth = Date of birth
c-aged = aged { $age } on
c-identity-checked = Identity checked
c-address = Address
c-telephone-label = Phone
c-email = E-mail
c-emergency-contact = Emergency contact
c-over-18 = I confirm that I am 18 years of age or over. Tattooing a person under 18 is against the law, whatever a parent or guardian says.
c-h-what = 2. What scalp micropigmentation is
c-what = Scalp micropigmentation (SMP) places tiny dots of pigment in the upper layers of the scalp with a fine needle, so that the scalp looks like a close-cut head of hair or thinning hair looks fuller. **It is a form of tattoo.** A course is usually two or three sessions some 10 to 30 days apart, followed by touch-ups every two to five years as the pigment fades. Results vary from person to person and cannot be guaranteed. SMP is hard to remove: laser removal takes many sessions and may not remove it completely.
c-h-plan = 3. Your treatment plan
c-plan-course = I consent to a course of **{ $sessions ->
    [one] { $sessions } session
   *[other] { $sessions } sessions
}** of scalp micropigmentation
c-plan-interval = , about { $days ->
    [one] { $days } day
   *[other] { $days } days
} apart
c-plan-areas = , on these areas of my scalp:
c-plan-shade = The pigment shade chosen with me is **{ $shade }**.
c-plan-further = Further sessions or touch-ups beyond this plan need my agreement at the time.
c-fee = The fee for the course is **{ $amount } { $currency }**
c-fee-deposit = , of which a deposit of { $deposit } { $currency } is paid in advance
c-refunds = Refunds:
c-h-alternatives = 4. Alternatives
c-alternatives = SMP is one choice among several. The alternatives include hair fibers, concealer sprays and creams, wigs and hair systems, medication for hair loss (such as minoxidil or finasteride, from a doctor or pharmacist), a hair transplant, or no treatment at all. I have been able to ask about them.
c-h-screening = 5. Medical screening
c-screening-paper = Please answer every question by ticking Yes or No.
c-screening-answered = Answered on { $date }. The ticked box is the answer given.
c-question = Question
q-pregnant_or_nursing = Are you pregnant or breastfeeding?
q-blood_thinners = Do you take blood-thinning medication (for example warfarin, aspirin)?
q-bleeding_disorder = Do you have a bleeding or clotting disorder?
q-diabetes = Do you have diabetes?
q-heart_or_blood_pressure = Do you have a heart condition or high or low blood pressure?
q-keloid_history = Have you ever formed keloid or raised scars?
q-active_scalp_condition = Do you have an active scalp condition (psoriasis, eczema, dermatitis, folliculitis)?
q-herpes_at_site = Do you have an infection, cold sore or herpes at or near the treatment area?
q-isotretinoin_last_12_months = Have you taken isotretinoin (Accutane) in the last 12 months?
q-chemotherapy_last_6_months = Have you had chemotherapy in the last 6 months?
q-recent_scalp_surgery = Have you had scalp surgery or a hair transplant recently?
q-minoxidil = Do you use minoxidil?
q-finasteride = Do you take finasteride?
q-under_influence = Are you under the influence of alcohol or drugs today?
c-allergies = Allergies:
c-medications = Medications:
c-box-allergies = Allergies (write "none" if you have none)
c-box-medications = Medications you take (write "none" if you take none)
c-none-declared = none declared
c-clearance = Doctor's clearance:
c-h-risks = 6. Risks
c-risks-intro = I understand that SMP carries these risks, and that they have been explained to me:
c-risk-pain = discomfort or pain during the procedure, and redness, swelling or tenderness afterwards;
c-risk-infection = infection, if the aftercare is not followed;
c-risk-allergy = an allergic reaction to the pigment, which a patch test reduces but cannot rule out;
c-risk-scarring = scarring, including raised (keloid) scars in people prone to them;
c-risk-fading = fading over time, and a color shift of the pigment (for example towards blue or green);
c-risk-spreading = dots spreading or blurring, and results that differ from what I expected;
c-risk-sessions = several sessions being needed to reach the desired result;
c-risk-removal = difficulty of removal: it may be permanent;
c-risk-mri = an MRI scan may cause a warm or tingling sensation at the treated area; I should tell the radiographer.
c-h-patch-test = 7. Patch test
c-patch-test = Patch test on { $date }:
c-pigment-lot = pigment lot { $lot }
c-no-patch-test = No patch test is recorded. I understand that a patch test is recommended to check for allergy to the pigment.
c-h-aftercare = 8. Before and after the session
c-aftercare-received = I have received the aftercare instructions (leaflet { $leaflet })
c-in-writing = in writing
c-will-follow = , and I will follow them:
c-avoid = Avoid
c-for = For
c-avoid-wetting = Wetting the scalp
c-avoid-sweating = Heavy sweating, exercise, sauna
c-avoid-sun = Sun on the scalp
c-avoid-swimming = Swimming
c-avoid-shaving = Shaving the scalp
c-aftercare-ack = I acknowledge the aftercare instructions.
c-aftercare-later = Aftercare instructions will be given to me in writing at the end of the session: typically no wetting of the scalp for about 4 days, no heavy sweating for about a week, no sun on the scalp and no swimming for about 4 weeks.
c-h-wrong = 9. If something goes wrong
c-wrong-1 = Some redness, swelling and tenderness for a few days is normal. If you notice signs of infection (redness or swelling that spreads or gets worse, heat, pus, a fever) or of an allergic reaction (itching, a rash, swelling beyond the treated area), call the clinic on
c-or-write-to = or write to
c-wrong-2 = and see a doctor. If you have difficulty breathing, swelling of the face or throat, or feel very unwell, call the emergency services at once.
c-h-withdraw = 10. Withdrawing your consent
c-withdraw = You may withdraw your consent at any time before or between sessions, without giving a reason, by telling the practitioner or the clinic. No further session will then take place. Withdrawing does not undo work already done, and does not by itself cancel the keeping of the records the law requires.
c-h-photos = 11. Photographs
c-photo-clinical = I consent to clinical photographs of my scalp, kept in my confidential client record.
c-photo-marketing = I consent to photographs of my scalp being used for the clinic's marketing (my face will not be shown without separate agreement).
c-photo-separate = Each consent is separate and optional; saying no does not affect my treatment.
c-h-data = 12. Your data
c-data-controller = is the data controller for the personal data on this form
c-contact = contact:
c-data-body = The clinic processes your personal data, including health data, to provide the treatment safely, to keep the records the law requires, and to answer a pigment recall. Health data is special category data (GDPR Article 9, in the EU and UK). Your records are kept confidential for **{ $years ->
    [one] { $years } year
   *[other] { $years } years
}** after your last treatment and then destroyed. You may ask for a copy of your record at any time, and for anything wrong in it to be corrected.
c-data-consent = I consent to the clinic processing my health data for these purposes.
c-h-complaints = 13. Complaints
c-complaints-1 = If you are unhappy with your treatment or with how you were treated, tell the practitioner or the clinic first, by phone on
c-or-in-writing-to = or in writing to
c-complaints-2 = ; the clinic will answer you. If you are not satisfied with the answer, you can complain to the local authority or body that licenses the clinic's premises
c-complaints-3 = , and about the use of your personal data to the data protection authority of { $country }.
c-h-declaration = 14. Declaration and signatures
c-declaration = I have read this form, I have had the chance to ask questions, my answers are true and complete, and I consent to the treatment described in section 3.
c-form-version = Consent form { $version } ({ $language }).
c-record = Record { $id }.
c-fingerprint = The code after "record sha256:" at the foot of every page is the fingerprint of the record this form was printed from. That record is attached to the PDF of this form as the file { $record }.json: ask the clinic for the PDF, save the attachment (most PDF readers list attachments), and any SHA-256 tool (such as sha256sum) will give this same code for it if it is unchanged.

## Treatment record

r-session = Session
r-born = born
r-from = from { $time }
r-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
r-number = number { $n }
r-record = Record
r-h-plan = Treatment plan
r-plan = { $sessions ->
    [one] { $sessions } session
   *[other] { $sessions } sessions
} planned
r-plan-interval = , about { $days ->
    [one] { $days } day
   *[other] { $days } days
} apart
r-shade = shade { $shade }
r-h-consent = Consent and screening
r-consent-form = Consent form { $version }
r-signed-on = , signed by the client on { $date }
r-not-signed = , **not yet signed**
r-screening-on = Screening answered on { $date }.
r-screening-yes = Screening questions answered yes:
r-none = none
r-h-patch-test = Patch test
r-lot = lot { $lot }
r-no-patch-test = No patch test recorded.
r-h-assessment = Assessment
r-conditions = Conditions:
r-fitzpatrick = Fitzpatrick skin type:
r-norwood = Norwood scale:
r-h-hairline = Hairline
r-hairline-approved = Hairline approved by the client on { $date }
r-h-zones = Zones treated
r-zone = Zone
r-density = Density
r-notes = Notes
r-h-pigments = Pigments
r-brand = Brand
r-shade-col = Shade
r-lot-col = Lot
r-expiry = Expiry
r-dilution = Dilution
r-h-needles = Needles
r-configuration = Configuration
r-diameter = Diameter
r-h-machine = Machine
r-model = Model
r-stroke = Stroke
r-speed = Speed
r-depth = Depth
r-h-anaesthetic = Anesthetic
r-h-adverse = Adverse events
r-h-notes-practitioner = Practitioner's notes
r-h-aftercare = Aftercare
r-leaflet = Leaflet { $leaflet }
r-given-in-writing = given in writing
r-acknowledged = acknowledged by the client
r-avoid = Avoid:
r-wetting = wetting
r-sweating = sweating
r-sun = sun
r-swimming = swimming
r-shaving = shaving
r-next-appointment = Next appointment:
r-no-aftercare = No aftercare recorded.
r-h-notes = Notes
r-h-sign-off = Practitioner's sign-off
r-confirm = I confirm that this record is a true account of the session.
r-not-signed-off = **Not yet signed off.** The practitioner signs here once the session has ended, to confirm that this record is a true account of it.

## Country names (others print as their ISO 3166 code)

country-GB = the United Kingdom
country-IE = Ireland
country-US = the United States
country-CA = Canada
country-AU = Australia
country-NZ = New Zealand
country-FR = France
country-DE = Germany
country-ES = Spain
country-PL = Poland
country-PT = Portugal
country-MX = Mexico
country-AE = the United Arab Emirates
country-CN = China
# A correction of an earlier record (record format field "corrects").
corrects-line = This record corrects record { $record }: { $reason }
