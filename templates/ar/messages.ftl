# العربية. كل الكلمات الثابتة في مستندات هذه اللغة.
# ترجمة أولية: يجب أن يراجعها المستشارون القانونيون والطبيون للعيادة.
# نص الرسائل بصيغة Markdown؛ و{ $name } يُدرج قيمة من السجل.

## رأس الصفحة وتذييلها

title-consent = الموافقة على التصبيغ الدقيق لفروة الرأس
title-treatment-record = سجل العلاج
header-client = العميل: { $name } ({ $id })
footer-record = السجل sha256:{ $sha256 }
page-of = صفحة { $page } من { $pages }
initials-box = الأحرف الأولى للعميل
yes = نعم
no = لا
role-client = العميل
role-practitioner = الأخصائي
role-witness = الشاهد
signature-signed = وُقّع في { $when }
signature-image = توقيع { $signer } ({ $role })، { $date }
signature-to-sign = (للتوقيع)
signbox-signature = التوقيع
signbox-name = الاسم بخط واضح
signbox-date = التاريخ
days = { $n ->
    [zero] { $n } يوم
    [one] يوم واحد
    [two] يومان
    [few] { $n } أيام
   *[other] { $n } يومًا
}

## التواريخ: صيغ chrono

date-format-date = %-d %B %Y
date-format-datetime = %-d %B %Y الساعة %H:%M %Z
date-format-time = %H:%M %Z

## أسماء رموز السجل

label-frontal_hairline = خط الشعر الأمامي
label-temple_left = الصدغ الأيسر
label-temple_right = الصدغ الأيمن
label-mid_scalp = وسط فروة الرأس
label-crown_vertex = قمة الرأس
label-donor_area = المنطقة المانحة
label-scar_fut = ندبة شريط FUT
label-scar_fue = ندبات FUE
label-nape = مؤخرة العنق
label-alopecia_areata = الثعلبة البقعية
label-alopecia_totalis = الثعلبة الكلية
label-male_pattern = الصلع الوراثي عند الرجال
label-female_pattern = تساقط الشعر الوراثي عند النساء
label-diffuse_thinning = الخفة المنتشرة
label-scar = إخفاء الندبات
label-chemotherapy = تساقط الشعر بعد العلاج الكيميائي
label-initial = الجلسة الأولى
label-build = جلسة البناء
label-refinement = جلسة التحسين
label-touch_up = جلسة تجديد
label-correction = تصحيح
label-light = خفيفة
label-medium = متوسطة
label-dense = كثيفة
label-negative = سلبي (لا تفاعل)
label-positive = إيجابي (تفاعل)
label-declined = رفضه العميل
label-not_required = غير مطلوب
label-other = أخرى
label-none = لا شيء
label-pregnant_or_nursing = الحمل أو الرضاعة
label-blood_thinners = مميعات الدم
label-bleeding_disorder = اضطراب النزف
label-diabetes = السكري
label-heart_or_blood_pressure = القلب أو ضغط الدم
label-keloid_history = سوابق الجدرة
label-active_scalp_condition = مرض نشط في فروة الرأس
label-herpes_at_site = هربس في المنطقة
label-isotretinoin_last_12_months = إيزوتريتينوين خلال 12 شهرًا
label-chemotherapy_last_6_months = علاج كيميائي خلال 6 أشهر
label-recent_scalp_surgery = جراحة حديثة في فروة الرأس
label-minoxidil = مينوكسيديل
label-finasteride = فيناسترايد
label-under_influence = تحت تأثير الكحول أو المخدرات

## استمارة الموافقة

c-telephone = الهاتف { $phone }
c-premises-licence = ترخيص المنشأة { $licence }.
c-premises-licence-short = ترخيص المنشأة { $licence }
c-licence = الترخيص { $licence }
c-practitioner = الأخصائي:
c-paper-instructions = يُرجى قراءة كل جزء من هذه الاستمارة. ضع علامة في كل مربع بنفسك، فقط إذا كنت موافقًا، وضع الأحرف الأولى من اسمك في المربع أسفل كل صفحة. لم توضع أي علامة في هذه الاستمارة نيابةً عنك.
c-h-about = 1. بياناتك
c-client = العميل
c-name = الاسم
c-client-number = رقم العميل
c-date-of-birth = تاريخ الميلاد
c-aged = العمر { $age } سنة في
c-identity-checked = تم التحقق من الهوية
c-address = العنوان
c-telephone-label = الهاتف
c-email = البريد الإلكتروني
c-emergency-contact = جهة الاتصال في الطوارئ
c-over-18 = أؤكد أن عمري 18 سنة أو أكثر. وشم شخص دون 18 سنة مخالف للقانون، مهما قال الوالد أو الوصي.
c-h-what = 2. ما هو التصبيغ الدقيق لفروة الرأس
c-what = التصبيغ الدقيق لفروة الرأس (SMP) يضع نقاطًا دقيقة من الصبغة في الطبقات العليا من فروة الرأس بإبرة رفيعة، لتبدو فروة الرأس كشعر محلوق قصيرًا أو ليبدو الشعر الخفيف أكثف. **إنه شكل من أشكال الوشم.** يتكون العلاج عادةً من جلستين أو ثلاث جلسات يفصل بينها 10 إلى 30 يومًا، تليها جلسات تجديد كل سنتين إلى خمس سنوات مع بهتان الصبغة. تختلف النتائج من شخص لآخر ولا يمكن ضمانها. يصعب إزالة التصبيغ: الإزالة بالليزر تتطلب جلسات كثيرة وقد لا تزيله تمامًا.
c-h-plan = 3. خطة علاجك
c-plan-course = أوافق على علاج من **{ $sessions ->
    [one] جلسة واحدة
    [two] جلستين
    [few] { $sessions } جلسات
   *[other] { $sessions } جلسة
}** من التصبيغ الدقيق لفروة الرأس
c-plan-interval = ، يفصل بينها نحو { $days ->
    [zero] { $days } يوم
    [one] يوم واحد
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يومًا
   *[other] { $days } يوم
}
c-plan-areas = ، على هذه المناطق من فروة رأسي:
c-plan-shade = درجة لون الصبغة التي اخترتها مع الأخصائي هي **{ $shade }**.
c-plan-further = أي جلسات أو تجديدات إضافية خارج هذه الخطة تحتاج إلى موافقتي في حينها.
c-fee = رسوم العلاج **{ $amount } { $currency }**
c-fee-deposit = ، منها عربون قدره { $deposit } { $currency } يُدفع مقدمًا
c-refunds = الاسترداد:
c-h-alternatives = 4. البدائل
c-alternatives = التصبيغ الدقيق خيار من بين خيارات عدة. تشمل البدائل ألياف الشعر، وبخاخات وكريمات التغطية، والشعر المستعار وأنظمة الشعر، وأدوية تساقط الشعر (مثل مينوكسيديل أو فيناسترايد، من طبيب أو صيدلي)، وزراعة الشعر، أو عدم العلاج. وقد أُتيحت لي فرصة السؤال عنها.
c-h-screening = 5. الاستبيان الطبي
c-screening-paper = يُرجى الإجابة عن كل سؤال بوضع علامة على نعم أو لا.
c-screening-answered = أُجيب عنه في { $date }. المربع المعلَّم هو الإجابة المقدَّمة.
c-question = السؤال
q-pregnant_or_nursing = هل أنتِ حامل أو مرضع؟
q-blood_thinners = هل تتناول أدوية مميعة للدم (مثل الوارفارين أو الأسبرين)؟
q-bleeding_disorder = هل لديك اضطراب في النزف أو التخثر؟
q-diabetes = هل لديك مرض السكري؟
q-heart_or_blood_pressure = هل لديك مرض في القلب أو ارتفاع أو انخفاض في ضغط الدم؟
q-keloid_history = هل أُصبت من قبل بجدرة أو ندبات بارزة؟
q-active_scalp_condition = هل لديك مرض نشط في فروة الرأس (صدفية، إكزيما، التهاب الجلد، التهاب الجريبات)؟
q-herpes_at_site = هل لديك عدوى أو قرحة باردة أو هربس في منطقة العلاج أو قربها؟
q-isotretinoin_last_12_months = هل تناولت الإيزوتريتينوين (روأكيوتان) خلال الأشهر الـ 12 الماضية؟
q-chemotherapy_last_6_months = هل تلقيت علاجًا كيميائيًا خلال الأشهر الـ 6 الماضية؟
q-recent_scalp_surgery = هل أجريت مؤخرًا جراحة في فروة الرأس أو زراعة شعر؟
q-minoxidil = هل تستخدم المينوكسيديل؟
q-finasteride = هل تتناول الفيناسترايد؟
q-under_influence = هل أنت اليوم تحت تأثير الكحول أو المخدرات؟
c-allergies = الحساسية:
c-medications = الأدوية:
c-box-allergies = الحساسية (اكتب "لا توجد" إن لم يكن لديك أي حساسية)
c-box-medications = الأدوية التي تتناولها (اكتب "لا توجد" إن لم تتناول أي دواء)
c-none-declared = لم يُصرَّح بشيء
c-clearance = إذن الطبيب:
c-h-risks = 6. المخاطر
c-risks-intro = أفهم أن للتصبيغ الدقيق هذه المخاطر، وقد شُرحت لي:
c-risk-pain = انزعاج أو ألم أثناء الإجراء، واحمرار أو تورم أو إيلام بعده؛
c-risk-infection = العدوى، إذا لم تُتبع تعليمات العناية اللاحقة؛
c-risk-allergy = تفاعل تحسسي تجاه الصبغة، يقلل اختبار الحساسية من احتماله لكنه لا يستبعده؛
c-risk-scarring = الندبات، بما فيها الندبات البارزة (الجدرة) لدى المعرّضين لها؛
c-risk-fading = البهتان مع الوقت، وتغيّر لون الصبغة (مثلًا نحو الأزرق أو الأخضر)؛
c-risk-spreading = انتشار النقاط أو تشوشها، ونتائج تختلف عما توقعته؛
c-risk-sessions = الحاجة إلى عدة جلسات للوصول إلى النتيجة المرغوبة؛
c-risk-removal = صعوبة الإزالة: فقد يكون دائمًا؛
c-risk-mri = قد يسبب التصوير بالرنين المغناطيسي إحساسًا بالدفء أو الوخز في المنطقة المعالَجة؛ وعليّ إبلاغ فني الأشعة.
c-h-patch-test = 7. اختبار الحساسية
c-patch-test = اختبار الحساسية في { $date }:
c-pigment-lot = دفعة الصبغة { $lot }
c-no-patch-test = لم يُسجَّل أي اختبار حساسية. أفهم أن اختبار الحساسية موصى به للتحقق من الحساسية تجاه الصبغة.
c-h-aftercare = 8. قبل الجلسة وبعدها
c-aftercare-received = تسلّمت تعليمات العناية اللاحقة (النشرة { $leaflet })
c-in-writing = كتابيًا
c-will-follow = ، وسألتزم بها:
c-avoid = تجنّب
c-for = المدة
c-avoid-wetting = تبليل فروة الرأس
c-avoid-sweating = التعرق الشديد والرياضة والساونا
c-avoid-sun = الشمس على فروة الرأس
c-avoid-swimming = السباحة
c-avoid-shaving = حلاقة فروة الرأس
c-aftercare-ack = أُقرّ بتسلّم تعليمات العناية اللاحقة.
c-aftercare-later = ستُعطى لي تعليمات العناية اللاحقة كتابيًا في نهاية الجلسة: عادةً عدم تبليل فروة الرأس نحو 4 أيام، وعدم التعرق الشديد نحو أسبوع، وعدم تعريض فروة الرأس للشمس وعدم السباحة نحو 4 أسابيع.
c-h-wrong = 9. إذا حدث خطأ ما
c-wrong-1 = بعض الاحمرار والتورم والإيلام لبضعة أيام أمر طبيعي. إذا لاحظت علامات عدوى (احمرار أو تورم ينتشر أو يزداد، حرارة، صديد، حمى) أو تفاعل تحسسي (حكة، طفح، تورم خارج المنطقة المعالَجة)، فاتصل بالعيادة على
c-or-write-to = أو راسل
c-wrong-2 = وراجع طبيبًا. إذا واجهت صعوبة في التنفس، أو تورمًا في الوجه أو الحلق، أو شعرت بتوعك شديد، فاتصل بخدمات الطوارئ فورًا.
c-h-withdraw = 10. سحب موافقتك
c-withdraw = يمكنك سحب موافقتك في أي وقت قبل الجلسات أو بينها، دون إبداء سبب، بإبلاغ الأخصائي أو العيادة. ولن تُجرى عندئذ أي جلسة أخرى. لا يلغي السحب العمل المنجز، ولا يلغي بذاته حفظ السجلات التي يفرضها القانون.
c-h-photos = 11. الصور
c-photo-clinical = أوافق على التقاط صور سريرية لفروة رأسي، تُحفظ في سجلي السري.
c-photo-marketing = أوافق على استخدام صور فروة رأسي في تسويق العيادة (لن يظهر وجهي دون اتفاق منفصل).
c-photo-separate = كل موافقة مستقلة واختيارية؛ والرفض لا يؤثر في علاجي.
c-h-data = 12. بياناتك
c-data-controller = هي الجهة المسؤولة عن البيانات الشخصية في هذه الاستمارة
c-contact = للتواصل:
c-data-body = تعالج العيادة بياناتك الشخصية، بما فيها البيانات الصحية، لتقديم العلاج بأمان، وحفظ السجلات التي يفرضها القانون، والاستجابة لسحب أي صبغة من السوق. البيانات الصحية فئة خاصة من البيانات (المادة 9 من اللائحة العامة لحماية البيانات GDPR، في الاتحاد الأوروبي والمملكة المتحدة). تُحفظ سجلاتك بسرية لمدة **{ $years } { $years ->
    [one] سنة
    [two] سنة
    [few] سنوات
   *[other] سنة
}** بعد آخر علاج لك ثم تُتلف. يمكنك طلب نسخة من سجلك في أي وقت، وتصحيح أي خطأ فيه.
c-data-consent = أوافق على معالجة العيادة لبياناتي الصحية لهذه الأغراض.
c-h-complaints = 13. الشكاوى
c-complaints-1 = إذا لم تكن راضيًا عن علاجك أو عن طريقة معاملتك، فأخبر الأخصائي أو العيادة أولًا، هاتفيًا على
c-or-in-writing-to = أو كتابيًا إلى
c-complaints-2 = ؛ وستردّ عليك العيادة. إذا لم تكن راضيًا عن الرد، يمكنك تقديم شكوى إلى السلطة المحلية أو الجهة التي ترخّص منشأة العيادة
c-complaints-3 = ، وبشأن استخدام بياناتك الشخصية إلى سلطة حماية البيانات في { $country }.
c-h-declaration = 14. الإقرار والتوقيعات
c-declaration = قرأت هذه الاستمارة، وأُتيحت لي فرصة طرح الأسئلة، وإجاباتي صحيحة وكاملة، وأوافق على العلاج الموصوف في القسم 3.
c-form-version = استمارة الموافقة { $version } ({ $language }).
c-record = السجل { $id }.
c-fingerprint = الرمز الذي يلي "sha256:" أسفل كل صفحة هو بصمة السجل الذي طُبعت منه هذه الاستمارة. وهذا السجل مرفق بملف PDF لهذه الاستمارة باسم { $record }.json: اطلب ملف PDF من العيادة، واحفظ المرفق (تعرض معظم برامج قراءة PDF المرفقات)، وستعطي أي أداة SHA-256 (مثل sha256sum) الرمز نفسه له إذا لم يتغير.

## سجل العلاج

r-session = الجلسة
r-born = تاريخ الميلاد
r-from = من { $time }
r-minutes = { $n ->
    [one] دقيقة واحدة
    [two] دقيقتان
    [few] { $n } دقائق
   *[other] { $n } دقيقة
}
r-number = رقم { $n }
r-record = السجل
r-h-plan = خطة العلاج
r-plan = الجلسات المخططة: { $sessions }
r-plan-interval = ، يفصل بينها نحو { $days ->
    [zero] { $days } يوم
    [one] يوم واحد
    [two] يومين
    [few] { $days } أيام
    [many] { $days } يومًا
   *[other] { $days } يوم
}
r-shade = درجة اللون { $shade }
r-h-consent = الموافقة والاستبيان
r-consent-form = استمارة الموافقة { $version }
r-signed-on = ، وقّعها العميل في { $date }
r-not-signed = ، **لم تُوقَّع بعد**
r-screening-on = أُجيب عن الاستبيان في { $date }.
r-screening-yes = الأسئلة التي أُجيب عنها بنعم:
r-none = لا شيء
r-h-patch-test = اختبار الحساسية
r-lot = الدفعة { $lot }
r-no-patch-test = لم يُسجَّل اختبار حساسية.
r-h-assessment = التقييم
r-conditions = الحالات:
r-fitzpatrick = نوع البشرة حسب فيتزباتريك:
r-norwood = مقياس نوروود:
r-h-hairline = خط الشعر
r-hairline-approved = وافق العميل على خط الشعر في { $date }
r-h-zones = المناطق المعالَجة
r-zone = المنطقة
r-density = الكثافة
r-notes = ملاحظات
r-h-pigments = الصبغات
r-brand = العلامة التجارية
r-shade-col = درجة اللون
r-lot-col = الدفعة
r-expiry = انتهاء الصلاحية
r-dilution = التخفيف
r-h-needles = الإبر
r-configuration = التكوين
r-diameter = القطر
r-h-machine = الجهاز
r-model = الطراز
r-stroke = الشوط
r-speed = السرعة
r-depth = العمق
r-h-anaesthetic = المخدر
r-h-adverse = الأحداث الضارة
r-h-notes-practitioner = ملاحظات الأخصائي
r-h-aftercare = العناية اللاحقة
r-leaflet = النشرة { $leaflet }
r-given-in-writing = سُلّمت كتابيًا
r-acknowledged = أقرّ بها العميل
r-avoid = تجنّب:
r-wetting = التبليل
r-sweating = التعرق
r-sun = الشمس
r-swimming = السباحة
r-shaving = الحلاقة
r-next-appointment = الموعد القادم:
r-no-aftercare = لم تُسجَّل عناية لاحقة.
r-h-notes = ملاحظات
r-h-sign-off = اعتماد الأخصائي
r-confirm = أؤكد أن هذا السجل وصف صادق للجلسة.
r-not-signed-off = **لم يُعتمد بعد.** يوقّع الأخصائي هنا بعد انتهاء الجلسة، تأكيدًا على أن هذا السجل وصف صادق لها.

## Country names (others print as their ISO 3166 code)

country-GB = المملكة المتحدة
country-IE = أيرلندا
country-US = الولايات المتحدة
country-CA = كندا
country-AU = أستراليا
country-NZ = نيوزيلندا
country-FR = فرنسا
country-DE = ألمانيا
country-ES = إسبانيا
country-PL = بولندا
country-PT = البرتغال
country-MX = المكسيك
country-AE = الإمارات العربية المتحدة
country-CN = الصين
# A correction of an earlier record (record format field "corrects").
corrects-line = هذا السجل يصحح السجل { $record }: { $reason }
