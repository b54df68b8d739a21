"""Reference lists for course data: codes stored in the database and the labels people see.

SSA tier 1 and 2 and levels follow the ESFA Learning Aim Reference Service (LARS); offer type codes follow NCCIS.
"""

SSA_TIER1 = {
    "1": "Health, Public Services and Care",
    "2": "Science and Mathematics",
    "3": "Agriculture, Horticulture and Animal Care",
    "4": "Engineering and Manufacturing Technologies",
    "5": "Construction, Planning and the Built Environment",
    "6": "Information and Communication Technology",
    "7": "Retail and Commercial Enterprise",
    "8": "Leisure, Travel and Tourism",
    "9": "Arts, Media and Publishing",
    "10": "History, Philosophy and Theology",
    "11": "Social Sciences",
    "12": "Languages, Literature and Culture",
    "13": "Education and Training",
    "14": "Preparation for Life and Work",
    "15": "Business, Administration and Law",
}

SSA_TIER2 = {
    "1.1": "Medicine and Dentistry",
    "1.2": "Nursing and Subjects and Vocations Allied to Medicine",
    "1.3": "Health and Social Care",
    "1.4": "Public Services",
    "1.5": "Child Development and Well Being",
    "2.1": "Science",
    "2.2": "Mathematics and Statistics",
    "3.1": "Agriculture",
    "3.2": "Horticulture and Forestry",
    "3.3": "Animal Care and Veterinary Science",
    "3.4": "Environmental Conservation",
    "4.1": "Engineering",
    "4.2": "Manufacturing Technologies",
    "4.3": "Transportation Operations and Maintenance",
    "5.1": "Architecture",
    "5.2": "Building and Construction",
    "5.3": "Urban, Rural and Regional Planning",
    "6.1": "ICT Practitioners",
    "6.2": "ICT for Users",
    "7.1": "Retailing and Wholesaling",
    "7.2": "Warehousing and Distribution",
    "7.3": "Service Enterprises",
    "7.4": "Hospitality and Catering",
    "8.1": "Sport, Leisure and Recreation",
    "8.2": "Travel and Tourism",
    "9.1": "Performing Arts",
    "9.2": "Crafts, Creative Arts and Design",
    "9.3": "Media and Communication",
    "9.4": "Publishing and Information Services",
    "10.1": "History",
    "10.2": "Archaeology and Archaeological Sciences",
    "10.3": "Philosophy",
    "10.4": "Theology and Religious Studies",
    "11.1": "Geography",
    "11.2": "Sociology and Social Policy",
    "11.3": "Politics",
    "11.4": "Economics",
    "11.5": "Anthropology",
    "12.1": "Languages, Literature and Culture of the British Isles",
    "12.2": "Other Languages, Literature and Culture",
    "12.3": "Linguistics",
    "13.1": "Teaching and Lecturing",
    "13.2": "Direct Learning Support",
    "14.1": "Foundations for Learning and Life",
    "14.2": "Preparation for Work",
    "15.1": "Accounting and Finance",
    "15.2": "Administration",
    "15.3": "Business Management",
    "15.4": "Marketing and Sales",
    "15.5": "Law and Legal Services",
}

LEVELS = {
    "E1": "Entry level 1",
    "E2": "Entry level 2",
    "E3": "Entry level 3",
    "1": "Level 1",
    "2": "Level 2",
    "3": "Level 3",
    "4": "Level 4 or above",
}

QUALIFICATION_TYPES = {
    "a-level": "A level",
    "as-level": "AS level",
    "t-level": "T Level",
    "btec": "BTEC or other vocational qualification",
    "gcse": "GCSE",
    "gcse-resit": "GCSE English and maths resit",
    "ib": "International Baccalaureate",
    "apprenticeship": "Apprenticeship",
    "traineeship": "Traineeship",
    "supported-internship": "Supported internship",
    "foundation-learning": "Foundation learning or preparation for life and work",
    "key-stage-4": "Key Stage 4 option",
}

AGE_GROUPS = {
    "14-16": "14 to 16",
    "16-19": "16 to 19",
    "lldd-14-25": "Learners with learning difficulties and/or disabilities, 14 to 25",
}

STUDY_MODES = {
    "full-time": "Full time",
    "part-time": "Part time",
}

PROVIDER_TYPES = {
    "school-sixth-form": "School with a sixth form",
    "sixth-form-college": "Sixth-form college",
    "fe-college": "Further education college",
    "training-provider": "Independent training provider",
    "special-school": "Special school",
    "specialist-post-16": "Specialist post-16 institution",
    "university-technical-college": "University technical college or studio school",
    "higher-education": "Higher education provider",
}

# NCCIS current-activity codes an offer can have, and whether an offer of that type counts towards the guarantee.
# 250 (part time education) counts only alongside employment with training; that rule lives with the guarantee.
NCCIS_OFFER_TYPES = {
    "210": "Full-time education: school sixth form",
    "220": "Full-time education: sixth-form college",
    "230": "Full-time education: further education",
    "270": "Full-time education: other",
    "280": "Special post-16 institution",
    "250": "Part-time education",
    "310": "Apprenticeship",
    "320": "Full-time employment with study towards a regulated qualification",
    "340": "Employment with training (other)",
    "410": "Funded work-based learning",
    "450": "Traineeship",
    "460": "Supported internship",
    "330": "Employment without training",
}

COURSE_STATUSES = {
    "draft": "Draft",
    "published": "Published",
    "withdrawn": "Withdrawn",
}
