# Português. Todas as palavras fixas dos documentos nesta língua.
# Tradução de partida: deve ser revista pelos consultores jurídicos e clínicos da clínica.
# O texto das mensagens é Markdown; { $nome } insere um valor do registo.

## Cabeçalho e rodapé, auxiliares

title-consent = Consentimento para micropigmentação capilar
title-treatment-record = Registo de tratamento
header-client = Cliente: { $name } ({ $id })
footer-record = registo sha256:{ $sha256 }
page-of = página { $page } de { $pages }
initials-box = Rubrica do cliente
yes = Sim
no = Não
role-client = Cliente
role-practitioner = Profissional
role-witness = Testemunha
signature-signed = Assinado em { $when }
signature-image = Assinatura de { $signer } ({ $role }), { $date }
signature-to-sign = (a assinar)
signbox-signature = Assinatura
signbox-name = Nome em maiúsculas
signbox-date = Data
days = { $n ->
    [one] { $n } dia
   *[other] { $n } dias
}

## Datas: formatos chrono

date-format-date = %-d de %B de %Y
date-format-datetime = %-d de %B de %Y às %H:%M %Z
date-format-time = %H:%M %Z

## Nomes dos códigos do registo

label-frontal_hairline = Linha frontal
label-temple_left = Têmpora esquerda
label-temple_right = Têmpora direita
label-mid_scalp = Zona média do couro cabeludo
label-crown_vertex = Coroa (vértice)
label-donor_area = Área dadora
label-scar_fut = Cicatriz de tira FUT
label-scar_fue = Cicatrizes FUE
label-nape = Nuca
label-alopecia_areata = Alopecia areata
label-alopecia_totalis = Alopecia total
label-male_pattern = Calvície de padrão masculino
label-female_pattern = Queda de cabelo de padrão feminino
label-diffuse_thinning = Rarefação difusa
label-scar = Camuflagem de cicatrizes
label-chemotherapy = Queda de cabelo após quimioterapia
label-initial = Sessão inicial
label-build = Sessão de construção
label-refinement = Sessão de aperfeiçoamento
label-touch_up = Retoque
label-correction = Correção
label-light = Leve
label-medium = Média
label-dense = Densa
label-negative = Negativo (sem reação)
label-positive = Positivo (reação)
label-declined = Recusado pelo cliente
label-not_required = Não necessário
label-other = Outro
label-none = Nenhum
label-pregnant_or_nursing = Gravidez ou amamentação
label-blood_thinners = Anticoagulantes
label-bleeding_disorder = Distúrbio de coagulação
label-diabetes = Diabetes
label-heart_or_blood_pressure = Coração ou tensão arterial
label-keloid_history = Historial de queloides
label-active_scalp_condition = Doença ativa do couro cabeludo
label-herpes_at_site = Herpes na zona
label-isotretinoin_last_12_months = Isotretinoína nos últimos 12 meses
label-chemotherapy_last_6_months = Quimioterapia nos últimos 6 meses
label-recent_scalp_surgery = Cirurgia recente do couro cabeludo
label-minoxidil = Minoxidil
label-finasteride = Finasterida
label-under_influence = Sob efeito de álcool ou drogas

## Formulário de consentimento

c-telephone = Telefone { $phone }
c-premises-licence = Licença do estabelecimento { $licence }.
c-premises-licence-short = licença do estabelecimento { $licence }
c-licence = licença { $licence }
c-practitioner = Profissional:
c-paper-instructions = Leia cada parte deste formulário. Assinale cada quadrado pela sua mão, apenas se concordar, e rubrique cada página no quadro ao fundo. Nada neste formulário foi assinalado por si.
c-h-about = 1. Os seus dados
c-client = Cliente
c-name = Nome
c-client-number = Número de cliente
c-date-of-birth = Data de nascimento
c-aged = { $age } anos em
c-identity-checked = Identidade verificada
c-address = Morada
c-telephone-label = Telefone
c-email = Correio eletrónico
c-emergency-contact = Contacto de emergência
c-over-18 = Confirmo que tenho 18 anos ou mais. Tatuar uma pessoa com menos de 18 anos é ilegal, diga o que disser o pai, a mãe ou o tutor.
c-h-what = 2. O que é a micropigmentação capilar
c-what = A micropigmentação capilar (SMP) coloca pequenos pontos de pigmento nas camadas superiores do couro cabeludo com uma agulha fina, para que o couro cabeludo pareça cabelo rapado ou para que o cabelo ralo pareça mais denso. **É uma forma de tatuagem.** Um tratamento tem normalmente duas ou três sessões com 10 a 30 dias de intervalo, seguidas de retoques a cada dois a cinco anos, à medida que o pigmento desvanece. Os resultados variam de pessoa para pessoa e não podem ser garantidos. A SMP é difícil de remover: a remoção a laser exige muitas sessões e pode não a remover por completo.
c-h-plan = 3. O seu plano de tratamento
c-plan-course = Dou o meu consentimento a um tratamento de **{ $sessions ->
    [one] { $sessions } sessão
   *[other] { $sessions } sessões
}** de micropigmentação capilar
c-plan-interval = , com cerca de { $days ->
    [one] { $days } dia
   *[other] { $days } dias
} de intervalo
c-plan-areas = , nestas zonas do meu couro cabeludo:
c-plan-shade = O tom de pigmento escolhido comigo é **{ $shade }**.
c-plan-further = Sessões ou retoques além deste plano precisam do meu acordo nessa altura.
c-fee = O preço do tratamento é **{ $amount } { $currency }**
c-fee-deposit = , dos quais um sinal de { $deposit } { $currency } é pago antecipadamente
c-refunds = Reembolsos:
c-h-alternatives = 4. Alternativas
c-alternatives = A SMP é uma opção entre várias. As alternativas incluem fibras capilares, sprays e cremes corretores, perucas e próteses capilares, medicamentos para a queda de cabelo (como minoxidil ou finasterida, de um médico ou farmacêutico), um transplante capilar, ou nenhum tratamento. Pude fazer perguntas sobre elas.
c-h-screening = 5. Questionário médico
c-screening-paper = Responda a cada pergunta assinalando Sim ou Não.
c-screening-answered = Respondido em { $date }. O quadrado assinalado é a resposta dada.
c-question = Pergunta
q-pregnant_or_nursing = Está grávida ou a amamentar?
q-blood_thinners = Toma medicamentos anticoagulantes (por exemplo varfarina, aspirina)?
q-bleeding_disorder = Tem algum distúrbio hemorrágico ou de coagulação?
q-diabetes = Tem diabetes?
q-heart_or_blood_pressure = Tem alguma doença cardíaca ou tensão arterial alta ou baixa?
q-keloid_history = Já teve queloides ou cicatrizes elevadas?
q-active_scalp_condition = Tem alguma doença ativa do couro cabeludo (psoríase, eczema, dermatite, foliculite)?
q-herpes_at_site = Tem uma infeção, herpes labial ou herpes na zona a tratar ou perto dela?
q-isotretinoin_last_12_months = Tomou isotretinoína (Roacutan) nos últimos 12 meses?
q-chemotherapy_last_6_months = Fez quimioterapia nos últimos 6 meses?
q-recent_scalp_surgery = Fez recentemente cirurgia ao couro cabeludo ou um transplante capilar?
q-minoxidil = Usa minoxidil?
q-finasteride = Toma finasterida?
q-under_influence = Está hoje sob o efeito de álcool ou drogas?
c-allergies = Alergias:
c-medications = Medicamentos:
c-box-allergies = Alergias (escreva "nenhuma" se não tiver)
c-box-medications = Medicamentos que toma (escreva "nenhum" se não tomar)
c-none-declared = nenhum declarado
c-clearance = Autorização médica:
c-h-risks = 6. Riscos
c-risks-intro = Compreendo que a SMP envolve estes riscos, e que me foram explicados:
c-risk-pain = desconforto ou dor durante o procedimento, e vermelhidão, inchaço ou sensibilidade depois;
c-risk-infection = infeção, se os cuidados posteriores não forem seguidos;
c-risk-allergy = uma reação alérgica ao pigmento, que um teste de alergia reduz mas não pode excluir;
c-risk-scarring = cicatrizes, incluindo cicatrizes elevadas (queloides) em pessoas com tendência;
c-risk-fading = desvanecimento ao longo do tempo, e alteração da cor do pigmento (por exemplo para azul ou verde);
c-risk-spreading = pontos que alastram ou ficam difusos, e resultados diferentes do que eu esperava;
c-risk-sessions = a necessidade de várias sessões para atingir o resultado pretendido;
c-risk-removal = a dificuldade de remoção: pode ser permanente;
c-risk-mri = uma ressonância magnética pode causar calor ou formigueiro na zona tratada; devo informar o técnico.
c-h-patch-test = 7. Teste de alergia
c-patch-test = Teste de alergia em { $date }:
c-pigment-lot = lote de pigmento { $lot }
c-no-patch-test = Não está registado nenhum teste de alergia. Compreendo que se recomenda um teste de alergia para verificar se sou alérgico ao pigmento.
c-h-aftercare = 8. Antes e depois da sessão
c-aftercare-received = Recebi as instruções de cuidados posteriores (folheto { $leaflet })
c-in-writing = por escrito
c-will-follow = , e vou segui-las:
c-avoid = Evitar
c-for = Durante
c-avoid-wetting = Molhar o couro cabeludo
c-avoid-sweating = Transpirar muito, exercício, sauna
c-avoid-sun = Sol no couro cabeludo
c-avoid-swimming = Nadar
c-avoid-shaving = Rapar o couro cabeludo
c-aftercare-ack = Tomo conhecimento das instruções de cuidados posteriores.
c-aftercare-later = As instruções de cuidados posteriores ser-me-ão entregues por escrito no fim da sessão: normalmente não molhar o couro cabeludo durante cerca de 4 dias, não transpirar muito durante uma semana, e não apanhar sol no couro cabeludo nem nadar durante cerca de 4 semanas.
c-h-wrong = 9. Se algo correr mal
c-wrong-1 = Alguma vermelhidão, inchaço e sensibilidade durante alguns dias são normais. Se notar sinais de infeção (vermelhidão ou inchaço que alastra ou piora, calor, pus, febre) ou de reação alérgica (comichão, erupção, inchaço além da zona tratada), ligue para a clínica através do
c-or-write-to = ou escreva para
c-wrong-2 = e consulte um médico. Se tiver dificuldade em respirar, inchaço da cara ou da garganta, ou se sentir muito mal, ligue imediatamente para os serviços de emergência.
c-h-withdraw = 10. Retirar o seu consentimento
c-withdraw = Pode retirar o seu consentimento a qualquer momento antes das sessões ou entre elas, sem dar qualquer razão, informando o profissional ou a clínica. Nenhuma outra sessão terá então lugar. Retirar o consentimento não desfaz o trabalho já feito, nem cancela por si só a conservação dos registos exigida por lei.
c-h-photos = 11. Fotografias
c-photo-clinical = Consinto fotografias clínicas do meu couro cabeludo, guardadas no meu processo confidencial.
c-photo-marketing = Consinto que fotografias do meu couro cabeludo sejam usadas na publicidade da clínica (a minha cara não será mostrada sem acordo separado).
c-photo-separate = Cada consentimento é separado e facultativo; dizer que não não afeta o meu tratamento.
c-h-data = 12. Os seus dados
c-data-controller = é a responsável pelo tratamento dos dados pessoais deste formulário
c-contact = contacto:
c-data-body = A clínica trata os seus dados pessoais, incluindo dados de saúde, para prestar o tratamento com segurança, manter os registos exigidos por lei e responder a uma recolha de pigmento. Os dados de saúde são uma categoria especial de dados (artigo 9.º do RGPD, na UE e no Reino Unido). Os seus registos são conservados de forma confidencial durante **{ $years ->
    [one] { $years } ano
   *[other] { $years } anos
}** após o seu último tratamento e depois destruídos. Pode pedir uma cópia do seu registo a qualquer momento, e a correção de qualquer dado errado.
c-data-consent = Consinto que a clínica trate os meus dados de saúde para estes fins.
c-h-complaints = 13. Reclamações
c-complaints-1 = Se não estiver satisfeito com o seu tratamento ou com a forma como foi tratado, diga-o primeiro ao profissional ou à clínica, por telefone através do
c-or-in-writing-to = ou por escrito para
c-complaints-2 = ; a clínica responder-lhe-á. Se não ficar satisfeito com a resposta, pode reclamar junto da autoridade local ou da entidade que licencia o estabelecimento da clínica
c-complaints-3 = , e sobre a utilização dos seus dados pessoais junto da autoridade de proteção de dados { $country }.
c-h-declaration = 14. Declaração e assinaturas
c-declaration = Li este formulário, tive a oportunidade de fazer perguntas, as minhas respostas são verdadeiras e completas, e consinto o tratamento descrito na secção 3.
c-form-version = Formulário de consentimento { $version } ({ $language }).
c-record = Registo { $id }.
c-fingerprint = O código a seguir a "sha256:" no fundo de cada página é a impressão digital do registo a partir do qual este formulário foi impresso. Esse registo vai anexado ao PDF deste formulário como o ficheiro { $record }.json: peça o PDF à clínica, guarde o anexo (a maioria dos leitores de PDF mostra os anexos) e qualquer ferramenta SHA-256 (como sha256sum) dará este mesmo código se não tiver sido alterado.

## Registo de tratamento

r-session = Sessão
r-born = nascido em
r-from = a partir das { $time }
r-minutes = { $n ->
    [one] { $n } minuto
   *[other] { $n } minutos
}
r-number = número { $n }
r-record = Registo
r-h-plan = Plano de tratamento
r-plan = { $sessions ->
    [one] { $sessions } sessão prevista
   *[other] { $sessions } sessões previstas
}
r-plan-interval = , com cerca de { $days ->
    [one] { $days } dia
   *[other] { $days } dias
} de intervalo
r-shade = tom { $shade }
r-h-consent = Consentimento e questionário
r-consent-form = Formulário de consentimento { $version }
r-signed-on = , assinado pelo cliente em { $date }
r-not-signed = , **ainda não assinado**
r-screening-on = Questionário respondido em { $date }.
r-screening-yes = Perguntas respondidas com sim:
r-none = nenhuma
r-h-patch-test = Teste de alergia
r-lot = lote { $lot }
r-no-patch-test = Nenhum teste de alergia registado.
r-h-assessment = Avaliação
r-conditions = Condições:
r-fitzpatrick = Fototipo de Fitzpatrick:
r-norwood = Escala de Norwood:
r-h-hairline = Linha frontal
r-hairline-approved = Linha frontal aprovada pelo cliente em { $date }
r-h-zones = Zonas tratadas
r-zone = Zona
r-density = Densidade
r-notes = Notas
r-h-pigments = Pigmentos
r-brand = Marca
r-shade-col = Tom
r-lot-col = Lote
r-expiry = Validade
r-dilution = Diluição
r-h-needles = Agulhas
r-configuration = Configuração
r-diameter = Diâmetro
r-h-machine = Máquina
r-model = Modelo
r-stroke = Curso
r-speed = Velocidade
r-depth = Profundidade
r-h-anaesthetic = Anestésico
r-h-adverse = Efeitos adversos
r-h-notes-practitioner = Notas do profissional
r-h-aftercare = Cuidados posteriores
r-leaflet = Folheto { $leaflet }
r-given-in-writing = entregue por escrito
r-acknowledged = recebido pelo cliente
r-avoid = Evitar:
r-wetting = molhar
r-sweating = transpirar
r-sun = sol
r-swimming = nadar
r-shaving = rapar
r-next-appointment = Próxima marcação:
r-no-aftercare = Nenhum cuidado posterior registado.
r-h-notes = Notas
r-h-sign-off = Validação do profissional
r-confirm = Confirmo que este registo relata fielmente a sessão.
r-not-signed-off = **Ainda não validado.** O profissional assina aqui depois de terminada a sessão, para confirmar que este registo a relata fielmente.

## Country names (others print as their ISO 3166 code)

country-GB = do Reino Unido
country-IE = da Irlanda
country-US = dos Estados Unidos
country-CA = do Canadá
country-AU = da Austrália
country-NZ = da Nova Zelândia
country-FR = de França
country-DE = da Alemanha
country-ES = de Espanha
country-PL = da Polónia
country-PT = de Portugal
country-MX = do México
country-AE = dos Emirados Árabes Unidos
country-CN = da China
# A correction of an earlier record (record format field "corrects").
corrects-line = Este registo corrige o registo { $record }: { $reason }
