"""Vocational, technical and foundation programmes as colleges list them, with what each covers."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Programme:
    """One curriculum area: the courses at each level, what students learn and where it leads."""

    area: str
    ssa_tier2: str
    courses: tuple[tuple[str, str, str], ...]  # (level, qualification type, title)
    topics: tuple[str, ...]
    leads_to: tuple[str, ...]
    kit: str = ""

    @property
    def ssa_tier1(self) -> str:
        return self.ssa_tier2.split(".")[0]


def _p(area, ssa, courses, topics, leads_to, kit=""):
    return Programme(area, ssa, tuple(courses), tuple(topics), tuple(leads_to), kit)


PROGRAMMES = (
    _p(
        "Sport",
        "8.1",
        [
            ("1", "btec", "Level 1 Introduction to Sport and Active Leisure"),
            ("2", "btec", "BTEC Level 2 Diploma in Sport"),
            ("3", "btec", "BTEC Level 3 National Extended Diploma in Sport"),
            ("3", "btec", "BTEC Level 3 National Extended Diploma in Sport and Exercise Science"),
            ("3", "btec", "Level 3 Extended Diploma in Sport Coaching and Development"),
        ],
        [
            "anatomy and physiology",
            "fitness training and testing",
            "sports coaching",
            "sports psychology",
            "nutrition for sport",
            "running a sports event",
        ],
        ["sports science degrees", "coaching", "personal training", "the armed forces"],
        "a college sports kit (£45)",
    ),
    _p(
        "Health and social care",
        "1.3",
        [
            ("1", "btec", "Level 1 Certificate in Health and Social Care"),
            ("2", "btec", "Level 2 Diploma in Health and Social Care"),
            ("3", "t-level", "T Level in Health"),
            ("3", "t-level", "T Level in Healthcare Science"),
            ("3", "btec", "BTEC Level 3 National Extended Diploma in Health and Social Care"),
        ],
        [
            "human lifespan development",
            "safeguarding",
            "meeting individual care needs",
            "health and wellbeing",
            "a 45-day industry placement in a hospital, care home or clinic",
        ],
        ["nursing", "midwifery", "paramedic science", "a health care apprenticeship"],
        "a DBS check (paid by us)",
    ),
    _p(
        "Childcare and education",
        "1.5",
        [
            ("2", "btec", "Level 2 Diploma for the Early Years Practitioner"),
            ("3", "t-level", "T Level in Education and Early Years"),
            ("3", "btec", "Level 3 Diploma for the Early Years Workforce (Early Years Educator)"),
        ],
        [
            "child development from birth to seven",
            "play and learning",
            "safeguarding children",
            "supporting children with special educational needs",
            "placements in nurseries and primary schools",
        ],
        ["an early years educator job", "teaching assistant work", "primary teaching degrees"],
    ),
    _p(
        "Engineering",
        "4.1",
        [
            ("1", "btec", "Level 1 Diploma in Engineering Skills"),
            ("2", "btec", "Level 2 Diploma in Engineering Technologies"),
            ("3", "t-level", "T Level in Engineering, Manufacturing, Processing and Control"),
            ("3", "t-level", "T Level in Design and Development for Engineering and Manufacturing"),
            ("3", "btec", "BTEC Level 3 National Extended Diploma in Engineering"),
        ],
        [
            "engineering principles",
            "computer-aided design",
            "machining and fabrication",
            "electrical and electronic systems",
            "health and safety in the workshop",
            "a project with a local employer",
        ],
        ["engineering apprenticeships", "engineering degrees", "technician jobs at Harwell and Culham"],
        "safety boots and overalls (about £40)",
    ),
    _p(
        "Motor vehicle",
        "4.3",
        [
            ("1", "btec", "Level 1 Diploma in Vehicle Maintenance"),
            ("2", "btec", "Level 2 Diploma in Light Vehicle Maintenance and Repair"),
            ("3", "btec", "Level 3 Diploma in Light Vehicle Maintenance and Repair Principles"),
            ("3", "t-level", "T Level in Maintenance, Installation and Repair for Engineering and Manufacturing"),
        ],
        [
            "engines and fuel systems",
            "brakes, steering and suspension",
            "electrical systems and diagnostics",
            "electric and hybrid vehicles",
            "working in our industry-standard workshop",
        ],
        ["a vehicle technician apprenticeship", "MOT testing", "motorsport engineering"],
        "safety boots and overalls",
    ),
    _p(
        "Construction",
        "5.2",
        [
            ("1", "btec", "Level 1 Diploma in Carpentry and Joinery"),
            ("2", "btec", "Level 2 Diploma in Site Carpentry"),
            ("3", "btec", "Level 3 Diploma in Bench Joinery"),
            ("1", "btec", "Level 1 Diploma in Brickwork"),
            ("2", "btec", "Level 2 Diploma in Brickwork"),
            ("1", "btec", "Level 1 Diploma in Plumbing Studies"),
            ("2", "btec", "Level 2 Diploma in Plumbing Studies"),
            ("2", "btec", "Level 2 Diploma in Electrical Installation"),
            ("3", "btec", "Level 3 Diploma in Electrical Installation"),
            ("1", "btec", "Level 1 Certificate in Painting and Decorating"),
            ("2", "btec", "Level 2 Diploma in Painting and Decorating"),
            ("3", "t-level", "T Level in Onsite Construction"),
            ("3", "t-level", "T Level in Building Services Engineering for Construction"),
            ("3", "t-level", "T Level in Design, Surveying and Planning for Construction"),
        ],
        [
            "hand and power tools",
            "reading drawings and setting out",
            "health and safety on site",
            "sustainable building methods",
            "practical work in our construction workshops",
            "estimating and costing",
        ],
        ["a construction apprenticeship", "site supervision", "quantity surveying", "running your own business"],
        "personal protective equipment and a basic tool kit (about £60)",
    ),
    _p(
        "Digital and IT",
        "6.1",
        [
            ("1", "btec", "Level 1 Certificate in Digital Skills"),
            ("2", "btec", "Level 2 Diploma in Information Technology"),
            ("3", "t-level", "T Level in Digital Production, Design and Development"),
            ("3", "t-level", "T Level in Digital Support Services"),
            ("3", "btec", "BTEC Level 3 National Extended Diploma in Information Technology"),
            ("3", "btec", "Level 3 Extended Diploma in Esports"),
        ],
        [
            "programming",
            "networking and cloud",
            "cyber security",
            "databases",
            "user-centred design",
            "an industry placement with a digital employer",
        ],
        ["software development apprenticeships", "computer science degrees", "IT support jobs"],
    ),
    _p(
        "Creative arts and design",
        "9.2",
        [
            ("2", "btec", "UAL Level 2 Diploma in Art and Design"),
            ("3", "btec", "UAL Level 3 Extended Diploma in Art and Design"),
            ("3", "btec", "UAL Level 3 Extended Diploma in Fashion and Textiles"),
            ("3", "btec", "UAL Level 3 Extended Diploma in Photography"),
            ("3", "btec", "Level 3 Extended Diploma in Furniture Design and Making"),
        ],
        [
            "drawing and visual research",
            "3D design",
            "printmaking",
            "digital design",
            "building a portfolio",
            "an end-of-year exhibition",
        ],
        ["art and design degrees", "a foundation diploma", "creative industry jobs"],
        "an art materials pack (£75)",
    ),
    _p(
        "Performing arts and music",
        "9.1",
        [
            ("2", "btec", "Level 2 Diploma in Performing Arts"),
            ("3", "btec", "UAL Level 3 Extended Diploma in Performing and Production Arts"),
            ("3", "btec", "RSL Level 3 Extended Diploma in Music Performance"),
            ("3", "btec", "RSL Level 3 Extended Diploma in Music Technology"),
        ],
        [
            "acting and voice",
            "dance and movement",
            "music performance and production",
            "technical theatre",
            "staging public performances",
        ],
        ["drama school", "music and performing arts degrees", "work in theatre and events"],
    ),
    _p(
        "Media and games",
        "9.3",
        [
            ("2", "btec", "Level 2 Diploma in Creative Media Production"),
            ("3", "btec", "UAL Level 3 Extended Diploma in Creative Media Production and Technology"),
            ("3", "btec", "Level 3 Extended Diploma in Games Design"),
        ],
        [
            "film and video production",
            "editing and post-production",
            "animation",
            "games design and development",
            "working to a client brief",
        ],
        ["media and film degrees", "creative industry apprenticeships", "freelance work"],
    ),
    _p(
        "Hair and beauty",
        "7.3",
        [
            ("1", "btec", "VTCT Level 1 Diploma in Hair and Beauty"),
            ("2", "btec", "VTCT Level 2 Diploma in Hairdressing"),
            ("3", "btec", "VTCT Level 3 Diploma in Hairdressing"),
            ("2", "btec", "VTCT Level 2 Diploma in Beauty Therapy"),
            ("3", "btec", "VTCT Level 3 Diploma in Beauty Therapy"),
            ("2", "btec", "Level 2 Diploma in Barbering"),
            ("3", "btec", "Level 3 Diploma in Theatrical and Media Make-up"),
        ],
        [
            "cutting, colouring and styling",
            "facials, massage and nail treatments",
            "client consultation",
            "working in our commercial salon with real clients",
            "health and safety in the salon",
        ],
        ["salon work", "a hairdressing apprenticeship", "running your own business", "cruise ship spas"],
        "a professional kit and uniform (about £180)",
    ),
    _p(
        "Catering and hospitality",
        "7.4",
        [
            ("1", "btec", "Level 1 Diploma in Introduction to Professional Cookery"),
            ("2", "btec", "Level 2 Diploma in Professional Cookery"),
            ("3", "btec", "Level 3 Advanced Diploma in Professional Cookery"),
            ("2", "btec", "Level 2 Certificate in Food and Beverage Service"),
            ("3", "t-level", "T Level in Catering"),
        ],
        [
            "knife skills and food preparation",
            "patisserie",
            "kitchen hygiene and food safety",
            "menu planning",
            "cooking and serving in our training restaurant",
        ],
        ["a chef apprenticeship", "hotel and restaurant work", "hospitality management"],
        "chef's whites and a knife kit (about £120)",
    ),
    _p(
        "Business and accounting",
        "15.3",
        [
            ("2", "btec", "Level 2 Diploma in Business"),
            ("3", "btec", "BTEC Level 3 National Extended Diploma in Business"),
            ("3", "t-level", "T Level in Management and Administration"),
            ("3", "t-level", "T Level in Accounting"),
            ("3", "btec", "Level 3 Diploma in Travel and Tourism"),
        ],
        [
            "marketing",
            "finance and accounting",
            "customer service",
            "managing events",
            "business law",
            "a placement in a local business",
        ],
        ["business and management degrees", "accountancy apprenticeships", "office and administration jobs"],
    ),
    _p(
        "Public services",
        "1.4",
        [
            ("2", "btec", "Level 2 Diploma in Protective Services"),
            ("3", "btec", "BTEC Level 3 National Extended Diploma in Uniformed Protective Services"),
        ],
        [
            "teamwork and leadership",
            "fitness for the uniformed services",
            "emergency response",
            "crime and its effect on communities",
            "expeditions and outdoor activities",
        ],
        ["the police, fire and ambulance services", "the armed forces", "criminology degrees"],
        "a uniform (£50)",
    ),
    _p(
        "Applied science",
        "2.1",
        [
            ("2", "btec", "Level 2 Diploma in Applied Science"),
            ("3", "t-level", "T Level in Science"),
            ("3", "btec", "BTEC Level 3 National Extended Diploma in Applied Science"),
        ],
        [
            "laboratory techniques",
            "biology, chemistry and physics in practice",
            "science investigation skills",
            "forensic science",
            "a placement in a laboratory",
        ],
        ["laboratory technician jobs", "science degrees", "science apprenticeships at Harwell and Milton Park"],
    ),
    _p(
        "Animal care",
        "3.3",
        [
            ("1", "btec", "Level 1 Diploma in Land-based Studies (Animal Care)"),
            ("2", "btec", "Level 2 Diploma in Animal Care"),
            ("3", "btec", "Level 3 Extended Diploma in Animal Management"),
            ("3", "t-level", "T Level in Animal Care and Management"),
        ],
        [
            "animal health and welfare",
            "animal behaviour",
            "feeding and husbandry",
            "handling exotic animals",
            "work experience at kennels, zoos or veterinary practices",
        ],
        ["veterinary nursing", "zoo keeping", "animal science degrees"],
        "overalls and wellington boots",
    ),
    _p(
        "Agriculture and horticulture",
        "3.1",
        [
            ("2", "btec", "Level 2 Diploma in Agriculture"),
            ("3", "btec", "Level 3 Extended Diploma in Agriculture"),
            ("1", "btec", "Level 1 Diploma in Practical Horticulture Skills"),
            ("2", "btec", "Level 2 Diploma in Horticulture"),
            ("3", "t-level", "T Level in Agriculture, Land Management and Production"),
        ],
        [
            "crop and livestock production",
            "farm machinery",
            "soil science",
            "plant identification",
            "working on the college farm",
        ],
        ["farm management", "agricultural engineering", "landscape and garden design"],
        "overalls and safety boots",
    ),
)

FOUNDATION = (
    (
        "E1",
        "Preparation for Adulthood: Independent Living Skills",
        "14.1",
        ["cooking simple meals", "managing money", "travelling safely", "looking after yourself"],
    ),
    (
        "E2",
        "Preparation for Life and Work: Skills for Independence",
        "14.1",
        ["communication", "personal care and healthy living", "shopping and using money", "choosing activities"],
    ),
    (
        "E3",
        "Pathways to Employment",
        "14.2",
        ["work experience in a supported setting", "employability skills", "travel training", "English and maths"],
    ),
    (
        "E3",
        "Step Up to Vocational Learning",
        "14.2",
        ["tasters in catering, horticulture and retail", "English and maths", "personal and social development"],
    ),
    (
        "1",
        "Level 1 Employability and Personal Development",
        "14.2",
        ["CV writing and interviews", "teamwork", "a work placement", "English and maths"],
    ),
    (
        "E2",
        "Entry Level Certificate in Life and Living Skills",
        "14.1",
        ["independent living", "community participation", "healthy lifestyles", "using technology"],
    ),
    (
        "E3",
        "ESOL for 16 to 19 year olds",
        "12.2",
        ["speaking and listening in English", "reading and writing", "life in the UK", "maths"],
    ),
    (
        "E1",
        "Sensory and Communication Pathway",
        "14.1",
        ["sensory exploration", "communication using symbols and signing", "choice making", "physical wellbeing"],
    ),
    (
        "E3",
        "Work Skills: Horticulture",
        "3.2",
        ["growing food and plants", "using garden tools safely", "working in a team", "selling produce at a market"],
    ),
    (
        "E2",
        "Work Skills: Catering and Hospitality",
        "7.4",
        ["preparing snacks and simple meals", "food hygiene", "serving customers in our café", "teamwork"],
    ),
    (
        "E2",
        "Independent Travel and Community Skills",
        "14.1",
        ["planning a journey", "using buses and trains", "keeping safe in the community", "using local services"],
    ),
    (
        "E3",
        "Creative Arts and Wellbeing",
        "9.2",
        ["art, music and drama", "managing feelings and wellbeing", "working towards an Arts Award"],
    ),
    (
        "E3",
        "Functional Skills English and Maths",
        "14.1",
        ["reading and writing for everyday life", "using money", "time and measures", "speaking and listening"],
    ),
)

SUPPORTED_INTERNSHIP_HOSTS = (
    "Oxford University Hospitals",
    "Oxfordshire County Council",
    "a local hotel",
    "the University of Oxford",
    "a supermarket",
    "Bicester Village",
    "a garden centre",
    "the Science and Technology Facilities Council",
    "a care home group",
    "a district council",
)

TRAINEESHIPS = (
    ("Traineeship in Retail and Customer Service", "7.1"),
    ("Traineeship in Health and Social Care", "1.3"),
    ("Traineeship in Construction", "5.2"),
    ("Traineeship in Hospitality and Catering", "7.4"),
    ("Traineeship in Business Administration", "15.2"),
    ("Traineeship in Warehousing and Logistics", "7.2"),
    ("Traineeship in Early Years", "1.5"),
    ("Traineeship in Digital Skills", "6.2"),
)

# Sector subject areas (tier 1) each kind of apprenticeship provider draws its standards from.
APPRENTICESHIP_SECTORS = {
    "fe-college": {"1", "3", "4", "5", "6", "7", "8", "9", "15"},
    "sixth-form-college": {"1", "6", "15"},
    "training-provider": {"1", "5", "7", "15"},
    "higher-education": {"1", "2", "4", "6", "13", "15"},
}

COLLEGE_FOURTEEN_SIXTEEN = (
    ("Motor vehicle", "Year 10 and 11 Motor Vehicle Studies (one day a week)"),
    ("Construction", "Year 10 and 11 Construction Skills (one day a week)"),
    ("Hair and beauty", "Year 10 and 11 Hair and Beauty (one day a week)"),
    ("Catering and hospitality", "Year 10 and 11 Introduction to Professional Cookery (one day a week)"),
    ("Animal care", "Year 10 and 11 Animal Care (one day a week)"),
    ("Engineering", "Year 10 and 11 Engineering Skills (one day a week)"),
)
