"""Academic subjects as sixth forms and Year 10 options describe them: what you study, and where it leads."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Subject:
    name: str
    ssa_tier2: str
    boards: tuple[str, ...]
    topics: tuple[str, ...]
    leads_to: tuple[str, ...]
    gcse: str = ""  # the GCSE a sixth form asks for, if any

    @property
    def ssa_tier1(self) -> str:
        return self.ssa_tier2.split(".")[0]

    @property
    def code(self) -> str:
        letters = "".join(word[0] for word in self.name.replace(":", "").split() if word[0].isalpha())
        return (letters if len(letters) >= 3 else self.name.replace(" ", "")[:4]).upper()


def _s(name, ssa, boards, topics, leads_to, gcse=""):
    return Subject(name, ssa, tuple(boards.split(", ")), tuple(topics), tuple(leads_to), gcse)


SCIENCE_LEADS = ("medicine", "veterinary science", "engineering", "pharmacy", "biomedical science", "laboratory work")

A_LEVELS = (
    _s(
        "Biology",
        "2.1",
        "AQA, OCR, Pearson Edexcel",
        [
            "cell structure and biological molecules",
            "genetics, variation and evolution",
            "ecosystems and biodiversity",
            "human physiology: the heart, lungs and kidneys",
            "energy transfers in photosynthesis and respiration",
            "the control of gene expression",
        ],
        SCIENCE_LEADS,
        "grade 6 in biology or 6-6 in combined science",
    ),
    _s(
        "Chemistry",
        "2.1",
        "AQA, OCR",
        [
            "atomic structure and bonding",
            "organic chemistry and synthesis",
            "energetics, kinetics and equilibria",
            "transition metals",
            "spectroscopy and chemical analysis",
            "electrochemistry",
        ],
        SCIENCE_LEADS,
        "grade 6 in chemistry or 6-6 in combined science, and grade 6 in maths",
    ),
    _s(
        "Physics",
        "2.1",
        "AQA, OCR",
        [
            "mechanics and materials",
            "electricity and fields",
            "waves, optics and quantum phenomena",
            "particle physics and cosmology",
            "thermal physics",
            "nuclear and medical physics",
        ],
        ("engineering", "physics and astrophysics", "architecture", "computing", "finance"),
        "grade 6 in physics or 6-6 in combined science, and grade 6 in maths",
    ),
    _s(
        "Mathematics",
        "2.2",
        "Pearson Edexcel, AQA, OCR MEI",
        [
            "proof and algebra",
            "calculus",
            "trigonometry and vectors",
            "statistical sampling and hypothesis testing",
            "mechanics: forces and motion",
            "numerical methods",
        ],
        ("engineering", "economics", "computer science", "accountancy", "data science"),
        "grade 7 in maths",
    ),
    _s(
        "Further Mathematics",
        "2.2",
        "Pearson Edexcel, OCR MEI",
        [
            "complex numbers and matrices",
            "further calculus and differential equations",
            "polar coordinates",
            "decision mathematics",
            "further mechanics and statistics",
        ],
        ("mathematics", "physics", "engineering", "computer science"),
        "grade 8 in maths",
    ),
    _s(
        "Psychology",
        "2.1",
        "AQA",
        [
            "memory and attachment",
            "social influence and conformity",
            "psychopathology",
            "research methods",
            "biopsychology",
            "relationships, aggression and forensic psychology",
        ],
        ("psychology", "nursing", "teaching", "social work", "the police"),
        "grade 5 in maths and a science",
    ),
    _s(
        "English Literature",
        "12.1",
        "AQA, OCR, Pearson Edexcel",
        [
            "Shakespeare's tragedies",
            "poetry from Chaucer to the present day",
            "the modern novel",
            "literature of war",
            "drama since 1945",
            "a coursework comparison of two texts you choose",
        ],
        ("law", "journalism", "publishing", "teaching", "English at university"),
        "grade 6 in English",
    ),
    _s(
        "English Language",
        "12.1",
        "AQA, OCR",
        [
            "how children learn language",
            "language and gender",
            "accent and dialect in the British Isles",
            "language change since 1600",
            "writing for different audiences",
        ],
        ("journalism", "speech and language therapy", "linguistics", "teaching", "marketing"),
        "grade 6 in English language",
    ),
    _s(
        "History",
        "10.1",
        "AQA, OCR, Pearson Edexcel",
        [
            "the Tudors",
            "Russia from the Tsars to Stalin",
            "the American civil rights movement",
            "Britain 1930 to 1997",
            "the Cold War",
            "an independent investigation of your own",
        ],
        ("law", "the civil service", "journalism", "archives and museums", "politics"),
        "grade 6 in history or English",
    ),
    _s(
        "Geography",
        "11.1",
        "AQA, OCR, Pearson Edexcel",
        [
            "coastal landscapes",
            "the water and carbon cycles",
            "hazards and climate change",
            "global systems",
            "changing places",
            "fieldwork for an independent investigation",
        ],
        ("environmental science", "planning", "surveying", "conservation", "geography at university"),
        "grade 5 in geography if you took it",
    ),
    _s(
        "Economics",
        "11.4",
        "AQA, Pearson Edexcel",
        [
            "markets and market failure",
            "the national economy",
            "the financial sector",
            "international trade",
            "behavioural economics",
            "government policy",
        ],
        ("economics", "finance", "accountancy", "management consultancy"),
        "grade 6 in maths",
    ),
    _s(
        "Politics",
        "11.3",
        "Pearson Edexcel, AQA",
        [
            "UK government and the constitution",
            "democracy and participation",
            "political ideologies",
            "the politics of the USA",
            "elections and voting behaviour",
        ],
        ("law", "journalism", "politics and international relations", "the civil service"),
    ),
    _s(
        "Sociology",
        "11.2",
        "AQA",
        ["education", "families and households", "crime and deviance", "beliefs in society", "research methods"],
        ("social work", "criminology", "teaching", "youth work", "human resources"),
    ),
    _s(
        "Philosophy",
        "10.3",
        "AQA",
        ["epistemology", "moral philosophy", "the metaphysics of God", "the metaphysics of mind"],
        ("law", "philosophy", "politics", "medicine"),
    ),
    _s(
        "Religious Studies",
        "10.4",
        "OCR, Eduqas",
        ["philosophy of religion", "religion and ethics", "developments in Christian thought", "Buddhism"],
        ("theology", "law", "teaching", "journalism"),
    ),
    _s(
        "Law",
        "15.5",
        "OCR, AQA",
        ["the legal system", "criminal law", "the law of tort", "human rights law", "contract law"],
        ("law degree", "solicitor apprenticeship", "the police", "paralegal work"),
    ),
    _s(
        "Business",
        "15.3",
        "AQA, Pearson Edexcel",
        [
            "marketing and people",
            "managing business activities",
            "decision making",
            "global business",
            "financial planning",
        ],
        ("business management", "marketing", "accountancy", "an apprenticeship"),
    ),
    _s(
        "Accounting",
        "15.1",
        "AQA",
        ["double-entry bookkeeping", "financial statements", "budgeting and costing", "ethics in accounting"],
        ("accountancy", "finance", "business"),
    ),
    _s(
        "Computer Science",
        "6.1",
        "OCR, AQA",
        [
            "programming in Python",
            "algorithms and data structures",
            "computer architecture",
            "networks and security",
            "databases",
            "a programming project of your own",
        ],
        ("software engineering", "computer science", "cyber security", "games development"),
        "grade 6 in maths and grade 6 in computer science if you took it",
    ),
    _s(
        "French",
        "12.2",
        "AQA",
        [
            "contemporary French society",
            "artistic culture in the French-speaking world",
            "French film and literature",
            "multiculturalism and politics",
        ],
        ("languages", "international business", "translation", "diplomacy"),
        "grade 6 in French",
    ),
    _s(
        "Spanish",
        "12.2",
        "AQA",
        [
            "modern Spanish society",
            "the culture of Spain and Latin America",
            "Spanish film and literature",
            "immigration and identity",
        ],
        ("languages", "international business", "translation", "tourism"),
        "grade 6 in Spanish",
    ),
    _s(
        "German",
        "12.2",
        "AQA",
        ["German society today", "art and culture in Germany", "reunification", "German film and literature"],
        ("languages", "engineering with a language", "translation", "international business"),
        "grade 6 in German",
    ),
    _s(
        "Latin",
        "12.2",
        "OCR",
        ["Latin language", "Virgil's Aeneid", "Cicero and Roman prose", "Roman verse literature"],
        ("classics", "law", "medicine", "modern languages"),
        "grade 6 in Latin",
    ),
    _s(
        "Classical Civilisation",
        "10.1",
        "OCR",
        ["the world of the hero: Homer and Virgil", "Greek theatre", "imperial image", "love and relationships"],
        ("classics", "history", "archaeology", "law"),
    ),
    _s(
        "Art and Design: Fine Art",
        "9.2",
        "AQA, OCR",
        [
            "drawing and painting",
            "printmaking",
            "sculpture and installation",
            "a personal investigation",
            "artists' work from the Renaissance to today",
        ],
        ("an art foundation diploma", "fine art", "illustration", "architecture"),
        "grade 5 in art",
    ),
    _s(
        "Art and Design: Photography",
        "9.2",
        "AQA, OCR",
        [
            "digital and darkroom photography",
            "portrait and documentary photography",
            "editing in Photoshop",
            "photographers' work and ideas",
            "a personal investigation",
        ],
        ("an art foundation diploma", "photography", "film", "media production"),
    ),
    _s(
        "Art and Design: Graphic Communication",
        "9.2",
        "AQA",
        ["typography", "branding and packaging", "illustration", "digital design", "a personal investigation"],
        ("graphic design", "advertising", "an art foundation diploma"),
    ),
    _s(
        "Art and Design: Textile Design",
        "9.2",
        "AQA",
        ["printed and dyed textiles", "fashion illustration", "constructed textiles", "a personal investigation"],
        ("fashion", "textile design", "an art foundation diploma"),
    ),
    _s(
        "Design and Technology: Product Design",
        "4.2",
        "AQA, OCR",
        [
            "materials and their properties",
            "design methods and processes",
            "CAD and 3D printing",
            "a design-and-make project for a real client",
        ],
        ("product design", "engineering", "architecture"),
    ),
    _s(
        "Drama and Theatre",
        "9.1",
        "AQA, Eduqas",
        [
            "set texts from Shakespeare to today",
            "devising original theatre",
            "the work of practitioners such as Brecht",
            "live theatre review",
            "performing a scripted extract",
        ],
        ("drama school", "teaching", "arts management", "law"),
    ),
    _s(
        "Music",
        "9.1",
        "Eduqas, AQA",
        ["performing", "composing", "Western classical music", "jazz and popular music", "film music"],
        ("music", "music education", "sound engineering"),
        "grade 5 performance standard on an instrument or voice",
    ),
    _s(
        "Music Technology",
        "9.1",
        "Pearson Edexcel",
        [
            "recording and production",
            "sequencing and synthesis",
            "the history of recorded music",
            "a technology-based composition",
        ],
        ("music production", "sound engineering", "broadcasting"),
    ),
    _s(
        "Dance",
        "9.1",
        "AQA",
        [
            "choreography",
            "solo and group performance",
            "the rise of American jazz dance",
            "the independent contemporary dance scene in Britain",
        ],
        ("dance", "teaching", "physiotherapy"),
    ),
    _s(
        "Film Studies",
        "9.3",
        "Eduqas",
        ["Hollywood 1930 to 1990", "European and global film", "documentary", "silent film", "making a short film"],
        ("film and television", "media", "journalism"),
    ),
    _s(
        "Media Studies",
        "9.3",
        "AQA, OCR, Eduqas",
        [
            "news and online media",
            "advertising and marketing",
            "television and music video",
            "video games",
            "a cross-media production",
        ],
        ("media", "marketing", "journalism", "public relations"),
    ),
    _s(
        "Physical Education",
        "8.1",
        "OCR, AQA",
        [
            "applied anatomy and physiology",
            "exercise physiology",
            "sport psychology",
            "sport and society",
            "performance in one practical activity",
        ],
        ("sports science", "physiotherapy", "teaching", "coaching"),
        "grade 5 in PE or a science",
    ),
    _s(
        "Environmental Science",
        "3.4",
        "AQA",
        [
            "the living and physical environment",
            "energy resources",
            "pollution",
            "biological resources",
            "sustainability and fieldwork",
        ],
        ("environmental science", "conservation", "ecology", "geography"),
    ),
    _s(
        "Geology",
        "2.1",
        "OCR",
        ["rocks and minerals", "plate tectonics", "palaeontology", "geohazards", "field mapping"],
        ("geology", "environmental consultancy", "mining and energy"),
    ),
    _s(
        "Electronics",
        "4.1",
        "Eduqas",
        ["circuit theory", "digital logic and microcontrollers", "communications systems", "a design project"],
        ("electrical engineering", "electronics", "physics"),
        "grade 6 in maths and a science",
    ),
    _s(
        "Statistics",
        "2.2",
        "Pearson Edexcel",
        ["data collection and presentation", "probability", "statistical distributions", "hypothesis testing"],
        ("data science", "economics", "psychology", "geography"),
    ),
    _s(
        "Chinese",
        "12.2",
        "Pearson Edexcel",
        [
            "changes in contemporary Chinese society",
            "Chinese culture",
            "a Chinese film or book",
            "the evolution of Chinese society",
        ],
        ("languages", "international business"),
    ),
)

# Subjects nearly every sixth form offers; the rest are sampled.
CORE_A_LEVELS = {
    "Biology",
    "Chemistry",
    "Physics",
    "Mathematics",
    "English Literature",
    "History",
    "Geography",
    "Psychology",
}

GCSE_OPTIONS = (
    _s(
        "Geography",
        "11.1",
        "AQA",
        ["natural hazards", "rivers and coasts", "urban issues", "fieldwork"],
        ("A level Geography",),
    ),
    _s(
        "History",
        "10.1",
        "AQA",
        ["Germany 1890 to 1945", "the Norman conquest", "health and the people", "conflict in Asia"],
        ("A level History",),
    ),
    _s("French", "12.2", "AQA", ["family and friends", "travel and tourism", "the world of work"], ("A level French",)),
    _s(
        "Spanish",
        "12.2",
        "AQA",
        ["identity and culture", "local and global issues", "future plans"],
        ("A level Spanish",),
    ),
    _s("Computer Science", "6.1", "OCR", ["programming", "algorithms", "networks"], ("A level Computer Science",)),
    _s("Art and Design", "9.2", "AQA", ["drawing", "painting", "mixed media", "a portfolio"], ("A level Art",)),
    _s("Drama", "9.1", "AQA", ["devising", "performing a set text", "live theatre"], ("A level Drama",)),
    _s("Music", "9.1", "Eduqas", ["performing", "composing", "listening"], ("A level Music",)),
    _s(
        "Religious Studies",
        "10.4",
        "AQA",
        ["Christianity and Islam", "ethics", "relationships"],
        ("A level Religious Studies",),
    ),
    _s(
        "Design and Technology",
        "4.2",
        "AQA",
        ["materials", "design and make", "electronics"],
        ("A level Product Design",),
    ),
    _s(
        "Food Preparation and Nutrition",
        "7.4",
        "AQA",
        ["nutrition", "food science", "cooking skills"],
        ("catering courses",),
    ),
    _s("Physical Education", "8.1", "OCR", ["anatomy", "training", "sports psychology"], ("A level PE",)),
    _s("Business", "15.3", "Pearson Edexcel", ["starting a business", "marketing", "finance"], ("A level Business",)),
    _s(
        "Statistics", "2.2", "Pearson Edexcel", ["data", "probability", "charts and diagrams"], ("A level Mathematics",)
    ),
    _s("Media Studies", "9.3", "Eduqas", ["advertising", "film", "news"], ("A level Media Studies",)),
    _s("Citizenship Studies", "11.3", "AQA", ["democracy", "the law", "active citizenship"], ("A level Politics",)),
)

TECH_AWARDS = (
    (
        "BTEC Tech Award in Sport",
        "8.1",
        "how the body responds to exercise, sports leadership and planning a fitness programme",
    ),
    ("BTEC Tech Award in Health and Social Care", "1.3", "human development, care values and health and wellbeing"),
    (
        "BTEC Tech Award in Creative Media Production",
        "9.3",
        "planning and making media products such as a podcast or a short film",
    ),
    ("BTEC Tech Award in Digital Information Technology", "6.2", "user interfaces, data and cyber security"),
    ("BTEC Tech Award in Performing Arts", "9.1", "acting, dance or musical theatre workshops and a performance"),
    ("BTEC Tech Award in Enterprise", "15.3", "researching a business idea, pitching it and planning the finances"),
    ("Cambridge National in Enterprise and Marketing", "15.4", "product design, pricing and promotion"),
    ("Cambridge National in Child Development", "1.5", "how children grow and develop from birth to five"),
    ("Cambridge National in Engineering Design", "4.1", "design briefs, sketching, CAD and prototypes"),
    ("WJEC Hospitality and Catering", "7.4", "the hospitality industry, food safety and planning and cooking dishes"),
    ("Cambridge National in Creative iMedia", "9.3", "planning digital graphics, websites and interactive products"),
)
