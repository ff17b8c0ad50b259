# Español. Todas las palabras fijas de los documentos en este idioma.
# Traducción de partida: debe revisarla el asesor jurídico y clínico de la clínica.
# El texto de los mensajes es Markdown; { $nombre } inserta un valor del registro.

## Cabecera y pie de página, ayudas

title-consent = Consentimiento para micropigmentación capilar
title-treatment-record = Registro de tratamiento
header-client = Cliente: { $name } ({ $id })
footer-record = registro sha256:{ $sha256 }
page-of = página { $page } de { $pages }
initials-box = Iniciales del cliente
yes = Sí
no = No
role-client = Cliente
role-practitioner = Profesional
role-witness = Testigo
signature-signed = Firmado el { $when }
signature-image = Firma de { $signer } ({ $role }), { $date }
signature-to-sign = (pendiente de firma)
signbox-signature = Firma
signbox-name = Nombre en mayúsculas
signbox-date = Fecha
days = { $n ->
    [one] { $n } día
   *[other] { $n } días
}

## Fechas: formatos de chrono

date-format-date = %-d de %B de %Y
date-format-datetime = %-d de %B de %Y a las %H:%M %Z
date-format-time = %H:%M %Z

## Nombres de los códigos del registro

label-frontal_hairline = Línea frontal
label-temple_left = Sien izquierda
label-temple_right = Sien derecha
label-mid_scalp = Zona media del cuero cabelludo
label-crown_vertex = Coronilla (vértex)
label-donor_area = Zona donante
label-scar_fut = Cicatriz de tira FUT
label-scar_fue = Cicatrices FUE
label-nape = Nuca
label-alopecia_areata = Alopecia areata
label-alopecia_totalis = Alopecia total
label-male_pattern = Alopecia androgenética masculina
label-female_pattern = Alopecia de patrón femenino
label-diffuse_thinning = Pérdida difusa de densidad
label-scar = Camuflaje de cicatrices
label-chemotherapy = Caída del cabello tras quimioterapia
label-initial = Sesión inicial
label-build = Sesión de construcción
label-refinement = Sesión de perfeccionamiento
label-touch_up = Retoque
label-correction = Corrección
label-light = Ligera
label-medium = Media
label-dense = Densa
label-negative = Negativa (sin reacción)
label-positive = Positiva (reacción)
label-declined = Rechazada por el cliente
label-not_required = No necesaria
label-other = Otra
label-none = Ninguno
label-pregnant_or_nursing = Embarazo o lactancia
label-blood_thinners = Anticoagulantes
label-bleeding_disorder = Trastorno de la coagulación
label-diabetes = Diabetes
label-heart_or_blood_pressure = Corazón o tensión arterial
label-keloid_history = Antecedentes de queloides
label-active_scalp_condition = Afección activa del cuero cabelludo
label-herpes_at_site = Herpes en la zona
label-isotretinoin_last_12_months = Isotretinoína en los últimos 12 meses
label-chemotherapy_last_6_months = Quimioterapia en los últimos 6 meses
label-recent_scalp_surgery = Cirugía reciente del cuero cabelludo
label-minoxidil = Minoxidil
label-finasteride = Finasterida
label-under_influence = Bajo los efectos de alcohol o drogas

## Formulario de consentimiento

c-telephone = Teléfono { $phone }
c-premises-licence = Licencia del local { $licence }.
c-premises-licence-short = licencia del local { $licence }
c-licence = licencia { $licence }
c-practitioner = Profesional:
c-paper-instructions = Lea cada parte de este formulario. Marque usted mismo cada casilla, solo si está de acuerdo, y ponga sus iniciales en el recuadro al pie de cada página. Ninguna casilla de este formulario se ha marcado por usted.
c-h-about = 1. Sus datos
c-client = Cliente
c-name = Nombre
c-client-number = Número de cliente
c-date-of-birth = Fecha de nacimiento
c-aged = { $age } años el
c-identity-checked = Identidad comprobada
c-address = Dirección
c-telephone-label = Teléfono
c-email = Correo electrónico
c-emergency-contact = Contacto de emergencia
c-over-18 = Confirmo que tengo 18 años o más. Tatuar a una persona menor de 18 años es ilegal, diga lo que diga su padre, madre o tutor.
c-h-what = 2. Qué es la micropigmentación capilar
c-what = La micropigmentación capilar (SMP) deposita diminutos puntos de pigmento en las capas superiores del cuero cabelludo con una aguja fina, para que parezca cabello rapado o para que el cabello escaso parezca más denso. **Es una forma de tatuaje.** Un tratamiento suele constar de dos o tres sesiones separadas entre 10 y 30 días, seguidas de retoques cada dos a cinco años a medida que el pigmento se aclara. Los resultados varían de una persona a otra y no pueden garantizarse. La SMP es difícil de eliminar: la eliminación con láser requiere muchas sesiones y puede no eliminarla por completo.
c-h-plan = 3. Su plan de tratamiento
c-plan-course = Doy mi consentimiento a un tratamiento de **{ $sessions ->
    [one] { $sessions } sesión
   *[other] { $sessions } sesiones
}** de micropigmentación capilar
c-plan-interval = , con { $days ->
    [one] un día
   *[other] unos { $days } días
} de intervalo
c-plan-areas = , en estas zonas de mi cuero cabelludo:
c-plan-shade = El tono de pigmento elegido conmigo es **{ $shade }**.
c-plan-further = Cualquier sesión o retoque más allá de este plan requerirá mi acuerdo en su momento.
c-fee = El precio del tratamiento es **{ $amount } { $currency }**
c-fee-deposit = , del que se paga por adelantado una señal de { $deposit } { $currency }
c-refunds = Reembolsos:
c-h-alternatives = 4. Alternativas
c-alternatives = La SMP es una opción entre varias. Las alternativas incluyen fibras capilares, sprays y cremas correctoras, pelucas y prótesis capilares, medicamentos contra la caída del cabello (como minoxidil o finasterida, de un médico o farmacéutico), un trasplante capilar, o ningún tratamiento. He podido preguntar por ellas.
c-h-screening = 5. Cuestionario médico
c-screening-paper = Responda a cada pregunta marcando Sí o No.
c-screening-answered = Respondido el { $date }. La casilla marcada es la respuesta dada.
c-question = Pregunta
q-pregnant_or_nursing = ¿Está embarazada o en período de lactancia?
q-blood_thinners = ¿Toma medicamentos anticoagulantes (por ejemplo warfarina, aspirina)?
q-bleeding_disorder = ¿Tiene algún trastorno de la coagulación o hemorrágico?
q-diabetes = ¿Tiene diabetes?
q-heart_or_blood_pressure = ¿Tiene alguna enfermedad del corazón o la tensión alta o baja?
q-keloid_history = ¿Ha tenido alguna vez queloides o cicatrices elevadas?
q-active_scalp_condition = ¿Tiene alguna afección activa del cuero cabelludo (psoriasis, eccema, dermatitis, foliculitis)?
q-herpes_at_site = ¿Tiene una infección, calentura o herpes en la zona a tratar o cerca de ella?
q-isotretinoin_last_12_months = ¿Ha tomado isotretinoína (Roaccutan) en los últimos 12 meses?
q-chemotherapy_last_6_months = ¿Ha recibido quimioterapia en los últimos 6 meses?
q-recent_scalp_surgery = ¿Se ha sometido recientemente a cirugía del cuero cabelludo o a un trasplante capilar?
q-minoxidil = ¿Usa minoxidil?
q-finasteride = ¿Toma finasterida?
q-under_influence = ¿Está hoy bajo los efectos del alcohol o de drogas?
c-allergies = Alergias:
c-medications = Medicamentos:
c-box-allergies = Alergias (escriba "ninguna" si no tiene)
c-box-medications = Medicamentos que toma (escriba "ninguno" si no toma)
c-none-declared = ninguno declarado
c-clearance = Autorización médica:
c-h-risks = 6. Riesgos
c-risks-intro = Entiendo que la SMP conlleva estos riesgos, y que me han sido explicados:
c-risk-pain = molestias o dolor durante el procedimiento, y enrojecimiento, hinchazón o sensibilidad después;
c-risk-infection = infección, si no se siguen los cuidados posteriores;
c-risk-allergy = una reacción alérgica al pigmento, que una prueba de alergia reduce pero no puede descartar;
c-risk-scarring = cicatrices, incluidas cicatrices elevadas (queloides) en personas propensas;
c-risk-fading = que el pigmento se aclare con el tiempo y cambie de color (por ejemplo hacia el azul o el verde);
c-risk-spreading = que los puntos se extiendan o difuminen, y resultados distintos de lo que esperaba;
c-risk-sessions = que se necesiten varias sesiones para lograr el resultado deseado;
c-risk-removal = la dificultad de eliminarla: puede ser permanente;
c-risk-mri = una resonancia magnética puede causar calor u hormigueo en la zona tratada; debo avisar al técnico.
c-h-patch-test = 7. Prueba de alergia
c-patch-test = Prueba de alergia el { $date }:
c-pigment-lot = lote de pigmento { $lot }
c-no-patch-test = No consta ninguna prueba de alergia. Entiendo que se recomienda una prueba de alergia para comprobar si soy alérgico al pigmento.
c-h-aftercare = 8. Antes y después de la sesión
c-aftercare-received = He recibido las instrucciones de cuidados posteriores (folleto { $leaflet })
c-in-writing = por escrito
c-will-follow = , y las seguiré:
c-avoid = Evitar
c-for = Durante
c-avoid-wetting = Mojar el cuero cabelludo
c-avoid-sweating = Sudar mucho, ejercicio, sauna
c-avoid-sun = Sol en el cuero cabelludo
c-avoid-swimming = Nadar
c-avoid-shaving = Afeitar el cuero cabelludo
c-aftercare-ack = Acuso recibo de las instrucciones de cuidados posteriores.
c-aftercare-later = Las instrucciones de cuidados posteriores se me entregarán por escrito al final de la sesión: normalmente no mojar el cuero cabelludo durante unos 4 días, no sudar mucho durante una semana, y no exponerlo al sol ni nadar durante unas 4 semanas.
c-h-wrong = 9. Si algo va mal
c-wrong-1 = Es normal un poco de enrojecimiento, hinchazón y sensibilidad durante unos días. Si nota signos de infección (enrojecimiento o hinchazón que se extiende o empeora, calor, pus, fiebre) o de reacción alérgica (picor, erupción, hinchazón más allá de la zona tratada), llame a la clínica al
c-or-write-to = o escriba a
c-wrong-2 = y acuda a un médico. Si tiene dificultad para respirar, hinchazón de la cara o la garganta, o se encuentra muy mal, llame de inmediato a los servicios de emergencia.
c-h-withdraw = 10. Retirar su consentimiento
c-withdraw = Puede retirar su consentimiento en cualquier momento antes de las sesiones o entre ellas, sin dar ninguna razón, comunicándolo al profesional o a la clínica. En ese caso no se realizará ninguna otra sesión. Retirarlo no deshace el trabajo ya realizado, ni anula por sí mismo la conservación de los registros que exige la ley.
c-h-photos = 11. Fotografías
c-photo-clinical = Doy mi consentimiento para que se tomen fotografías clínicas de mi cuero cabelludo, que se guardarán en mi historial confidencial.
c-photo-marketing = Doy mi consentimiento para que se usen fotografías de mi cuero cabelludo en la publicidad de la clínica (no se mostrará mi cara sin un acuerdo aparte).
c-photo-separate = Cada consentimiento es independiente y opcional; decir que no no afecta a mi tratamiento.
c-h-data = 12. Sus datos
c-data-controller = es la responsable del tratamiento de los datos personales de este formulario
c-contact = contacto:
c-data-body = La clínica trata sus datos personales, incluidos los de salud, para prestar el tratamiento con seguridad, conservar los registros que exige la ley y responder a una retirada de pigmento. Los datos de salud son una categoría especial de datos (artículo 9 del RGPD, en la UE y el Reino Unido). Sus registros se conservan de forma confidencial durante **{ $years ->
    [one] { $years } año
   *[other] { $years } años
}** después de su último tratamiento y después se destruyen. Puede pedir una copia de su registro en cualquier momento, y que se corrija cualquier dato erróneo.
c-data-consent = Doy mi consentimiento para que la clínica trate mis datos de salud con estos fines.
c-h-complaints = 13. Reclamaciones
c-complaints-1 = Si no está satisfecho con su tratamiento o con el trato recibido, dígaselo primero al profesional o a la clínica, por teléfono al
c-or-in-writing-to = o por escrito a
c-complaints-2 = ; la clínica le responderá. Si no queda satisfecho con la respuesta, puede reclamar a la autoridad local o al organismo que concede la licencia al local de la clínica
c-complaints-3 = , y sobre el uso de sus datos personales a la autoridad de protección de datos { $country }.
c-h-declaration = 14. Declaración y firmas
c-declaration = He leído este formulario, he tenido la oportunidad de hacer preguntas, mis respuestas son verdaderas y completas, y doy mi consentimiento al tratamiento descrito en el apartado 3.
c-form-version = Formulario de consentimiento { $version } ({ $language }).
c-record = Registro { $id }.
c-fingerprint = El código que sigue a "sha256:" al pie de cada página es la huella del registro con el que se imprimió este formulario. Ese registro va adjunto al PDF de este formulario como el archivo { $record }.json: pida el PDF a la clínica, guarde el adjunto (la mayoría de los lectores de PDF muestran los adjuntos) y cualquier herramienta SHA-256 (como sha256sum) dará este mismo código si no ha cambiado.

## Registro de tratamiento

r-session = Sesión
r-born = nacido el
r-from = desde las { $time }
r-minutes = { $n ->
    [one] { $n } minuto
   *[other] { $n } minutos
}
r-number = número { $n }
r-record = Registro
r-h-plan = Plan de tratamiento
r-plan = { $sessions ->
    [one] { $sessions } sesión prevista
   *[other] { $sessions } sesiones previstas
}
r-plan-interval = , con { $days ->
    [one] un día
   *[other] unos { $days } días
} de intervalo
r-shade = tono { $shade }
r-h-consent = Consentimiento y cuestionario
r-consent-form = Formulario de consentimiento { $version }
r-signed-on = , firmado por el cliente el { $date }
r-not-signed = , **aún sin firmar**
r-screening-on = Cuestionario respondido el { $date }.
r-screening-yes = Preguntas respondidas con sí:
r-none = ninguna
r-h-patch-test = Prueba de alergia
r-lot = lote { $lot }
r-no-patch-test = No consta prueba de alergia.
r-h-assessment = Valoración
r-conditions = Afecciones:
r-fitzpatrick = Fototipo de Fitzpatrick:
r-norwood = Escala de Norwood:
r-h-hairline = Línea frontal
r-hairline-approved = Línea frontal aprobada por el cliente el { $date }
r-h-zones = Zonas tratadas
r-zone = Zona
r-density = Densidad
r-notes = Notas
r-h-pigments = Pigmentos
r-brand = Marca
r-shade-col = Tono
r-lot-col = Lote
r-expiry = Caducidad
r-dilution = Dilución
r-h-needles = Agujas
r-configuration = Configuración
r-diameter = Diámetro
r-h-machine = Máquina
r-model = Modelo
r-stroke = Carrera
r-speed = Velocidad
r-depth = Profundidad
r-h-anaesthetic = Anestésico
r-h-adverse = Efectos adversos
r-h-notes-practitioner = Notas del profesional
r-h-aftercare = Cuidados posteriores
r-leaflet = Folleto { $leaflet }
r-given-in-writing = entregado por escrito
r-acknowledged = recibido por el cliente
r-avoid = Evitar:
r-wetting = mojar
r-sweating = sudar
r-sun = sol
r-swimming = nadar
r-shaving = afeitar
r-next-appointment = Próxima cita:
r-no-aftercare = No constan cuidados posteriores.
r-h-notes = Notas
r-h-sign-off = Conformidad del profesional
r-confirm = Confirmo que este registro refleja fielmente la sesión.
r-not-signed-off = **Aún sin la conformidad del profesional.** El profesional firma aquí una vez terminada la sesión, para confirmar que este registro la refleja fielmente.

## Country names (others print as their ISO 3166 code)

country-GB = del Reino Unido
country-IE = de Irlanda
country-US = de los Estados Unidos
country-CA = de Canadá
country-AU = de Australia
country-NZ = de Nueva Zelanda
country-FR = de Francia
country-DE = de Alemania
country-ES = de España
country-PL = de Polonia
country-PT = de Portugal
country-MX = de México
country-AE = de los Emiratos Árabes Unidos
country-CN = de China
# A correction of an earlier record (record format field "corrects").
corrects-line = Este registro corrige el registro { $record }: { $reason }
