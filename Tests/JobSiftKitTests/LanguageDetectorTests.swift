import Testing
@testable import JobSiftKit

@Suite struct LanguageDetectorTests {
    func fixtureText(_ name: String) throws -> String {
        String(decoding: try Paths.fixtureBytes("charset/" + name), as: UTF8.self)
    }

    @Test(arguments: [
        ("en-posting.txt", "en"),
        ("de-posting.txt", "de"),
        ("fr-posting.txt", "fr"),
        ("es-posting.txt", "es"),
    ])
    func postingsFullOfEnglishTechTermsKeepTheirOwnLanguage(fixture: String, code: String) throws {
        #expect(try #require(LanguageDetector.detect(try fixtureText(fixture))).code == code)
    }

    @Test(arguments: [
        // 30 Cyrillic words of 40: the share of words in the script.
        (String(repeating: "слово ", count: 30) + String(repeating: "Python ", count: 10), "ru", 0.75),
        // "Python과" is two words, one in each script: 20 Hangul words of 30.
        (String(repeating: "Python과 ", count: 10) + String(repeating: "모델을 ", count: 10), "ko", 2.0 / 3.0),
        // Five "the" (English only) and five "in" (in four lists, a quarter each): (5 + 1.25) / 10.
        (String(repeating: "the model in production ", count: 5), "en", 0.625),
    ])
    func confidenceIsTheWinnersShareOfTheEvidence(text: String, code: String, confidence: Double) throws {
        #expect(try #require(LanguageDetector.detect(text)) == LanguageGuess(code: code, confidence: confidence))
    }

    @Test(arguments: [
        ("cs", "Hledáme vývojáře, který se nebojí nových technologií. Budeš pracovat na našem interním systému pro "
            + "plánování výroby a spolu s kolegy z týmu navrhovat nové funkce. Nabízíme práci v malém týmu, "
            + "flexibilní pracovní dobu a také podporu při dalším vzdělávání. Zkušenosti s Javou nebo Kotlinem jsou výhodou."),
        ("it", "Cerchiamo un ingegnere di machine learning per il nostro team di Milano. Lavorerai con Python e "
            + "PyTorch per sviluppare modelli di raccomandazione e li porterai in produzione su Kubernetes "
            + "insieme alla squadra dati."),
        ("nl", "Wij zoeken een machine learning engineer voor ons team in Utrecht. Je bouwt modellen met Python "
            + "en PyTorch en brengt ze naar productie op Kubernetes. Ervaring met data pipelines is een pre."),
        ("pt", "Procuramos uma pessoa engenheira de machine learning para o nosso time em Lisboa. Você vai "
            + "desenvolver modelos com Python e PyTorch e colocá-los em produção no Kubernetes, com foco na "
            + "qualidade dos dados."),
        ("sv", "Vi söker en maskininlärningsingenjör till vårt team i Stockholm. Du kommer att bygga modeller "
            + "med Python och PyTorch och ta dem till produktion på Kubernetes. Erfarenhet av datapipelines är "
            + "ett plus."),
        ("pl", "Szukamy inżyniera uczenia maszynowego do naszego zespołu w Krakowie. Będziesz tworzyć modele w "
            + "Pythonie i PyTorch oraz wdrażać je na Kubernetes. Mile widziane doświadczenie z potokami danych "
            + "i chmurą."),
    ])
    func otherLatinScriptLanguagesAreToldApartByStopWords(code: String, text: String) throws {
        #expect(try #require(LanguageDetector.detect(text)).code == code)
    }

    @Test(arguments: [
        ("ru", "Мы ищем опытного инженера по машинному обучению в нашу команду в Москве. Вы будете разрабатывать "
            + "модели на Python и PyTorch, запускать их в Kubernetes и следить за качеством данных. Нам важны "
            + "ответственность, любопытство и умение объяснять сложные вещи простыми словами."),
        ("uk", "Ми шукаємо досвідченого інженера з машинного навчання до нашої команди у Києві. Ви будете "
            + "розробляти моделі на Python та PyTorch, запускати їх у Kubernetes і стежити за якістю даних. Для "
            + "нас важливі відповідальність, допитливість та вміння пояснювати складні речі простими словами."),
        ("ja", "私たちは機械学習エンジニアを募集しています。PythonとPyTorchを使って推薦モデルを開発し、"
            + "Kubernetes上で運用していただきます。データ分析の経験がある方を歓迎します。"),
        ("zh", "我们正在招聘一名机器学习工程师，负责推荐系统的设计与开发。你将使用Python和PyTorch训练模型，"
            + "并在Kubernetes上部署服务。要求三年以上相关工作经验。"),
        ("ko", "저희는 머신러닝 엔지니어를 찾고 있습니다. Python과 PyTorch로 추천 모델을 개발하고 Kubernetes에서 "
            + "서비스를 운영하게 됩니다. 데이터 분석 경험이 있는 분을 환영합니다. 원격 근무가 가능하며 유연한 근무 "
            + "시간을 제공합니다."),
        ("el", "Αναζητούμε μηχανικό μηχανικής μάθησης για την ομάδα μας στην Αθήνα. Θα αναπτύσσετε μοντέλα με "
            + "Python και PyTorch και θα τα λειτουργείτε σε Kubernetes. Απαιτείται εμπειρία τριών ετών και καλή "
            + "γνώση αγγλικών."),
        ("ar", "نبحث عن مهندس تعلم آلي للانضمام إلى فريقنا في دبي. ستعمل على تطوير نماذج باستخدام Python و "
            + "PyTorch وتشغيلها على Kubernetes. نطلب خبرة ثلاث سنوات على الأقل في مجال تحليل البيانات."),
        ("he", "אנחנו מחפשים מהנדס למידת מכונה שיצטרף לצוות שלנו בתל אביב. תפתח מודלים ב Python ו PyTorch "
            + "ותפעיל אותם ב Kubernetes. נדרש ניסיון של שלוש שנים לפחות בעבודה עם נתונים."),
        ("hi", "हम बेंगलुरु में अपनी टीम के लिए मशीन लर्निंग इंजीनियर की तलाश कर रहे हैं। आप Python और PyTorch के "
            + "साथ मॉडल बनाएंगे और उन्हें Kubernetes पर चलाएंगे। डेटा विश्लेषण में कम से कम तीन साल का अनुभव "
            + "आवश्यक है।"),
        ("th", "เรากำลังมองหาวิศวกรแมชชีนเลิร์นนิงเพื่อร่วมทีมที่กรุงเทพฯ คุณจะพัฒนาโมเดลด้วย Python และ PyTorch"),
    ])
    func nonLatinScriptsNameTheirLanguageDespiteLatinTechTerms(code: String, text: String) throws {
        #expect(try #require(LanguageDetector.detect(text)).code == code)
    }

    @Test(arguments: ["", "Senior Data Scientist", "Wir suchen dich als Data Engineer in Berlin!", "機械学習"])
    func textUnderTwentyWordsIsUndetermined(text: String) {
        #expect(LanguageDetector.detect(text) == nil)
    }

    @Test func aListOfTechTermsIsUndetermined() {
        let skills = "Python PyTorch Kubernetes Docker Terraform AWS GCP Azure Spark Kafka Airflow dbt Snowflake "
            + "BigQuery Redis PostgreSQL MLflow Ray Helm Argo Grafana Prometheus"
        #expect(LanguageDetector.detect(skills) == nil)
    }

    @Test func aLatinScriptLanguageWithoutAListIsUndetermined() {
        let finnish = "Etsimme kokenutta koneoppimisinsinööriä tiimiimme Helsingissä. Työssä kehität malleja "
            + "Pythonilla ja PyTorchilla ja viet ne tuotantoon Kubernetesissa. Arvostamme kokemusta datan "
            + "käsittelystä ja pilvipalveluista sekä hyvää yhteistyökykyä."
        #expect(LanguageDetector.detect(finnish) == nil)
    }

    @Test func onlyTheFirstTwoThousandWordsAreRead() {
        let english = String(repeating: "We are looking for an engineer who will own it. ", count: 200)
        let german = String(repeating: "Wir suchen eine Person, die mit uns die Plattform baut und betreibt. ", count: 400)
        #expect(english.split(separator: " ").count == 2_000)
        #expect(LanguageDetector.detect(english + german)?.code == "en")
        #expect(LanguageDetector.detect(german)?.code == "de")
    }
}
