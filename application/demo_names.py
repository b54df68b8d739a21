"""Synthetic names for the demo cohort, reflecting the mix of heritages in Oxfordshire's schools.

Given names and family names are drawn separately from common names, so no learner is a real person. Each heritage has
its own lists so that a name reads as one family would give it; a share of learners are of mixed heritage.
"""

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NamePool:
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    families: tuple[str, ...]
    # Family names with a feminine form (Polish -ski/-ska, Bulgarian -ov/-ova): (masculine ending, feminine ending).
    feminine_endings: tuple[tuple[str, str], ...] = field(default=())

    def family_name(self, rng: random.Random, girl: bool) -> str:
        name = rng.choice(self.families)
        if girl:
            for masculine, feminine in self.feminine_endings:
                if name.endswith(masculine):
                    return name.removesuffix(masculine) + feminine
        return name


def _words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text.split()))


BRITISH = NamePool(
    girls=_words(
        """Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace Daisy Sienna Poppy
        Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie Matilda Maya Sophie Alice Emilia Isabelle
        Ruby Luna Maisie Aria Penelope Mila Bonnie Eva Hallie Eliza Ada Violet Esme Arabella Imogen Jessica Delilah
        Thea Lottie Chloe Holly Erin Megan Lucy Bethany Hannah Abigail Katie Lauren Georgia Amber Molly Niamh Eleanor
        Harriet Beatrice Martha Orla Zara Jasmine Leah Scarlett Summer Lexi Robyn Ellie Jade Caitlin Paige Courtney
        Keira Tilly Rebecca Anna Kate Amy Freya Heidi Lydia Iris Nancy Edith Mabel Ottilie Clara Hazel Rose Maddison
        Gracie Darcey Lacey Skye Tia Faith Hope Kayla Shannon Abbie Jodie Carys Ffion Seren Cerys Mairi Eilidh Siobhan
        Aoife Ciara Roisin Kirsty Morven Libby Harriett Annabel Cordelia Tabitha Verity Felicity Rosalind Elodie"""
    ),
    boys=_words(
        """Oliver George Noah Arthur Leo Harry Oscar Archie Henry Theodore Freddie Jack Charlie Theo Alfie
        Jacob Thomas Finley Arlo William Lucas Roman Tommy Isaac Teddy Alexander Luca Edward James Joshua Albie Elijah
        Max Mason Reuben Joseph Hugo Harrison Ethan Samuel Sebastian Rory Benjamin Louie Daniel Ronnie Jude Elliot
        Dylan Caleb Toby Jenson Stanley Hunter Finn Jaxon Bobby Frankie Ezra Chester Liam Callum Connor Kyle Jordan
        Ryan Bradley Lewis Jamie Aaron Matthew Luke Adam Nathan Owen Rhys Dafydd Gethin Iwan Cai Angus Fraser Euan
        Hamish Ruaridh Ciaran Cian Oisin Padraig Declan Conor Kieran Niall Tyler Kai Harvey Ollie Alex Ben Sam Joe
        Will Tom Dominic Felix Jasper Rufus Barnaby Cameron Corey Reece Brandon Shane Mitchell Ashton Morgan Zachary
        Gabriel Nathaniel Jonah Rowan Cody Declan Alistair Stuart Gregor Duncan Malcolm Hector Ralph Bertie Louis"""
    ),
    families=_words(
        """Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker
        White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris
        Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young
        Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards
        Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason
        Hunt Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher
        Stevens Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard Andrews Stewart
        Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer
        Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson
        Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland
        Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke
        Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls
        Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss
        McCarthy Chambers Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan
        Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read Miles Stevenson Stephenson Hammond Arnold
        Buckley Walters Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake
        Lynch Goodwin Barton Woodward Thomson Cunningham Quinn Barnett Baxter Clayton Nash Greenwood
        Jennings Holt Kemp Poole Gallagher Bond Stokes Tucker Davidson Fowler Heath Norman Middleton Lawson Banks
        French Stanley Jarvis Gibbs Ferguson Hayward Carroll Douglas Dickinson Todd Barlow Peters Lucas Knowles
        Hartley Simmons Morton Alexander Field Morrison Horton Frazer Lamb Kirby Pugh Vaughan Fraser Dale
        MacLeod Mackenzie Sinclair Cameron Buchanan Llewellyn Pryce Howells Bowen Meredith Gwynn Cadogan Tudor
        Fitzgerald Brennan Kavanagh Gallagher Doherty Nolan Flanagan Maguire Keane Whelan Hegarty Dunne Boyle
        Ashworth Fairclough Pemberton Whitfield Cartwright Ridley Thornton Fairbairn Haworth Brindley Harcourt
        Wetherby Langford Ellwood Chadwick Pickering Standish Blackwell Horsley Eastwood Whitaker Hollis Kimber"""
    ),
)

POLISH = NamePool(
    girls=_words(
        """Zuzanna Julia Zofia Hanna Maja Lena Alicja Maria Amelia Oliwia Wiktoria Natalia Aleksandra Emilia Laura
        Antonina Pola Nadia Gabriela Weronika Martyna Kinga Karolina Agata Magdalena Paulina"""
    ),
    boys=_words(
        """Jakub Antoni Szymon Jan Filip Franciszek Aleksander Mikołaj Wojciech Kacper Adam Michał Marcel Stanisław
        Wiktor Piotr Igor Leon Mateusz Bartosz Dawid Kamil Tomasz Krystian Oskar Hubert Łukasz Patryk"""
    ),
    families=_words(
        """Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski
        Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski Pawłowski Michalski Król
        Wieczorek Jabłoński Wróbel Majewski Olszewski Stępień Malinowski Jaworski Adamczyk Dudek Nowicki Pawlak
        Górski Witkowski Walczak Sikora Baran Rutkowski Michalak Szewczyk Ostrowski Tomaszewski Pietrzak Zalewski"""
    ),
    feminine_endings=(("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")),
)

ROMANIAN = NamePool(
    girls=_words("Maria Ioana Andreea Elena Alexandra Daria Bianca Ana Sofia Antonia Larisa Denisa Teodora Alesia"),
    boys=_words("Andrei Alexandru David Luca Ștefan Matei Ionuț Mihai Gabriel Rareș Darius Vlad Cristian Sebastian"),
    families=_words(
        """Popescu Ionescu Popa Stan Dumitru Stoica Gheorghe Munteanu Matei Constantin Rusu Marin Lungu Mihai
        Ciobanu Dobre Barbu Nistor Florea Toma Sârbu Tudor Moldovan Diaconu"""
    ),
)

PORTUGUESE = NamePool(
    girls=_words("Beatriz Leonor Matilde Carolina Inês Mariana Francisca Lara Sofia Madalena Gabriela Luana Yasmin"),
    boys=_words("Rodrigo Martim Afonso Tomás Duarte Guilherme Santiago Gonçalo Miguel Tiago Rafael Diogo Vinícius"),
    families=_words(
        """Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Fernandes Gonçalves Gomes Lopes
        Marques Alves Almeida Ribeiro Pinto Carvalho Teixeira Moreira Correia Mendes Nunes Soares Vieira Monteiro"""
    ),
)

SOUTHERN_EUROPEAN = NamePool(
    girls=_words("Giulia Chiara Francesca Aurora Ginevra Martina Lucía Carmen Paula Valentina Elena Alba Noemi Irene"),
    boys=_words("Lorenzo Matteo Leonardo Francesco Alessandro Riccardo Pablo Hugo Mateo Álvaro Diego Marco Nicolò"),
    families=_words(
        """Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De Luca Costa
        García Martínez López Sánchez González Fernández Romero Navarro Torres Ruiz Díaz Moreno Jiménez Álvarez
        Papadopoulos Georgiou Nikolaidis Dimitriou Konstantinou"""
    ),
)

BALTIC = NamePool(
    girls=_words("Emilija Gabija Austėja Ugnė Kamilė Liepa Anna Marta Elīza Sofija Alise Laura Paula Kristīne"),
    boys=_words("Matas Jokūbas Lukas Nojus Dominykas Herkus Kajus Markuss Roberts Daniels Emīls Kristaps Artūrs"),
    families=_words(
        """Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas Butkus Paulauskas Urbonas
        Bērziņš Kalniņš Ozoliņš Jansons Liepiņš Krūmiņš Balodis Eglītis"""
    ),
)

CENTRAL_EUROPEAN = NamePool(
    girls=_words("Hanna Lea Emma Mia Sofie Lina Nóra Zsófia Anna Léa Chloé Manon Inès Camille Tereza Eliška Viktória"),
    boys=_words("Ben Paul Finn Elias Jonas Noah Bence Máté Levente Gabriel Raphaël Louis Jules Tomáš Jakub Matúš"),
    families=_words(
        """Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann Schulz Nagy Kovács Tóth Szabó Horváth
        Varga Kiss Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Novák Svoboda Dvořák"""
    ),
)

BULGARIAN = NamePool(
    girls=_words("Viktoria Yoana Maria Nikol Aleksandra Gergana Raya Siyana Kalina Desislava"),
    boys=_words("Georgi Aleksandar Martin Dimitar Ivan Nikola Kaloyan Stefan Yordan Hristo"),
    families=_words("Ivanov Georgiev Dimitrov Petrov Nikolov Hristov Stoyanov Todorov Iliev Atanasov Angelov Popov"),
    feminine_endings=(("ov", "ova"), ("ev", "eva")),
)

PAKISTANI = NamePool(
    girls=_words(
        """Aisha Fatima Maryam Zainab Hafsa Khadija Amina Inaya Zahra Hania Mariam Sana Aleena Anaya Iqra Laiba Noor
        Hoorain Eshaal Ayesha Safa Mehreen Rida Hira Zoya Alizeh Manahil Areeba Hamna Samiya"""
    ),
    boys=_words(
        """Muhammad Mohammed Ibrahim Yusuf Musa Ayaan Zayn Hamza Ali Omar Umar Rayyan Zakariya Haris Abdullah Bilal
        Arham Aahil Hassan Hussain Ismail Faris Danyal Saif Shayan Junaid Usman Talha Zohaib Waleed"""
    ),
    families=_words(
        """Khan Hussain Ahmed Ali Akhtar Iqbal Mahmood Rashid Shah Aslam Butt Malik Riaz Javed Saleem Raza Bashir Anwar
        Qureshi Mirza Chaudhry Sadiq Nawaz Hanif Rehman Yousaf Arshad Tariq Latif Siddiqui Farooq Zaman Hameed"""
    ),
)

INDIAN = NamePool(
    girls=_words(
        """Aanya Anika Diya Ishani Kavya Meera Navya Priya Riya Saanvi Tara Anvi Myra Avni Jasleen Simran Harleen
        Gurleen Manpreet Ananya Shreya Pooja Nisha Asha Divya Lakshmi Sita Janvi Aditi Ishita"""
    ),
    boys=_words(
        """Aarav Arjun Vihaan Rohan Krish Dev Ishaan Aryan Kabir Reyansh Ravi Sai Vivaan Harjot Gurpreet Jaskaran
        Manveer Arun Nikhil Rahul Sanjay Vikram Aditya Yash Pranav Siddharth Karan Neil Rishi Om"""
    ),
    families=_words(
        """Patel Sharma Singh Kaur Kumar Gupta Mehta Shah Desai Joshi Reddy Nair Iyer Menon Rao Chauhan Verma Mistry
        Pandya Thakkar Parmar Sandhu Gill Dhillon Sidhu Grewal Bains Johal Bhatt Kapoor Malhotra Chopra Bose Das"""
    ),
)

BANGLADESHI = NamePool(
    girls=_words("Ayesha Fahmida Nusrat Tasnim Sumaiya Rumana Salma Jannat Nafisa Mahira Tahmina Ruksana Afia Anisa"),
    boys=_words("Abdul Rahim Tanvir Sakib Imran Shahid Rafiq Nabil Arif Fahim Tahmid Ayaan Ishaq Mahir Sami"),
    families=_words(
        "Miah Begum Islam Rahman Uddin Hoque Chowdhury Ahmed Hossain Alam Ali Khatun Karim Sarkar Talukdar"
    ),
)

NEPALI = NamePool(
    girls=_words("Aastha Anjali Prakriti Sushmita Srijana Pragya Samikshya Bipana Nirmala Sarita"),
    boys=_words("Aayush Bibek Prabin Sujan Nabin Kiran Rajesh Suman Bishal Sagar"),
    families=_words("Gurung Rai Limbu Thapa Magar Tamang Shrestha Sherpa Pun Ghale Adhikari Karki"),
)

CHINESE = NamePool(
    girls=_words("Mei Lin Xinyi Yuxin Zihan Ruoxi Jiayi Yutong Wing Ka-Yan Hoi-Ying Jasmine Chloe Grace Emily"),
    boys=_words("Wei Hao Yichen Zihao Junjie Haoran Yuhang Ka-Ho Chun-Kit Tsz-Hin Ethan Jayden Ryan Lucas Kevin"),
    families=_words(
        """Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin He Gao Luo Cheung Wong Chan Lau
        Leung Ho Tang Yip Ng Kwok"""
    ),
)

SOUTH_EAST_ASIAN = NamePool(
    girls=_words("Linh Anh Ngoc Thao Mai Trang Angelica Kristine Patricia Jasmine Althea Bea Nicole Ji-woo Seo-yeon"),
    boys=_words("Minh Duc Tuan Khang Bao Huy Joshua Miguel Jericho Carlo Angelo Paolo Min-jun Seo-jun Ha-joon"),
    families=_words(
        """Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Santos Reyes Cruz Bautista Garcia Mendoza Flores Villanueva
        Kim Lee Park Choi Jung Kang Tanaka Suzuki Sato"""
    ),
)

WEST_AFRICAN = NamePool(
    girls=_words(
        """Adaeze Chiamaka Ifeoma Ngozi Amara Chioma Zainab Temitope Oluwaseun Folake Adunni Ayomide Tolu Damilola
        Favour Precious Blessing Esther Abena Ama Akosua Efua Adwoa Naa Yaa Ewurabena Nana Adjoa Ife Kemi"""
    ),
    boys=_words(
        """Chinedu Emeka Obinna Chukwuemeka Tobenna Oluwatobi Ayodeji Babatunde Olumide Tunde Femi Seun David Daniel
        Samuel Joshua Emmanuel Kwame Kofi Kwabena Kojo Yaw Kwesi Kweku Nana Kobina Ebo Fiifi Dayo Ade Ikenna"""
    ),
    families=_words(
        """Okafor Okonkwo Eze Nwosu Obi Adeyemi Adebayo Ogunleye Oladipo Balogun Olawale Adewale Okoro Chukwu Nwachukwu
        Ibrahim Bello Mensah Asante Boateng Owusu Osei Agyeman Appiah Ofori Darko Amoah Acheampong Addo Danso Bonsu"""
    ),
)

EAST_AFRICAN = NamePool(
    girls=_words(
        """Hodan Ayan Fadumo Hibo Sagal Nasra Ifrah Muna Deka Saida Tendai Rudo Chipo Nyasha Tatenda Rumbidzai Wanjiru
        Achieng Njeri Aster Selam Helen Rahel Mercy Grace"""
    ),
    boys=_words(
        """Abdirahman Abdullahi Mohamed Ahmed Hassan Liban Said Omar Tinashe Tafadzwa Tendai Farai Kudzai Takudzwa
        Kamau Otieno Kipchoge Brian Dawit Yonas Samuel Daniel Natnael"""
    ),
    families=_words(
        """Abdi Ali Hassan Farah Warsame Jama Yusuf Ismail Osman Aden Mohamud Moyo Ncube Dube Sibanda Ndlovu Mutasa
        Chikwanha Mupfumira Kamau Otieno Wanjiku Mwangi Tesfaye Bekele Haile Gebremedhin Kidane"""
    ),
)

CARIBBEAN = NamePool(
    girls=_words(
        """Shanice Tiana Jada Aaliyah Keisha Kiara Nia Imani Destiny Jasmine Tianna Chantelle Leanne Shania Kezia
        Alisha Naomi Jade Mya Ellise"""
    ),
    boys=_words(
        """Jaden Tyrese Kyrie Jamal Marcus Andre Malachi Nathaniel Isaiah Elijah Josiah Kareem Devon Tristan Rico
        Jermaine Dwayne Leon Kai Reuben"""
    ),
    families=_words(
        """Campbell Brown Williams Clarke Francis Grant Gordon Lewis Thompson Richards Morgan Reid Bailey Henry Joseph
        Charles Edwards Samuels Beckford Blackwood McKenzie Daley Graham Forbes Reynolds Wright Allen Stewart Bryan"""
    ),
)

MIDDLE_EASTERN = NamePool(
    girls=_words(
        """Layla Noor Yasmin Rania Lina Sara Maryam Hana Dana Aya Salma Elif Zeynep Defne Ecrin Nazanin Parisa Shirin
        Roya Maryam Shilan Rojin Bahar Zahra"""
    ),
    boys=_words(
        """Adam Yusuf Omar Karim Ahmad Tariq Khalid Sami Amir Mustafa Emir Yusuf Kerem Eymen Arda Arash Dariush Reza
        Kian Soran Rebin Ahmad Jawad Farhad Hamid"""
    ),
    families=_words(
        """Haddad Khalil Nasser Saleh Hamdan Mansour Aziz Abbas Darwish Karimi Hosseini Rahimi Ahmadi Mohammadi
        Rezaei Yilmaz Kaya Demir Şahin Çelik Aydın Öztürk Arslan Doğan Barzani Rashid Amini Sultani Popal Wardak"""
    ),
)

# Heritage pools and their weights. Oxford City and Banbury are the most diverse; the rural areas the least.
POOLS = {
    "british": BRITISH,
    "polish": POLISH,
    "romanian": ROMANIAN,
    "portuguese": PORTUGUESE,
    "southern-european": SOUTHERN_EUROPEAN,
    "baltic": BALTIC,
    "central-european": CENTRAL_EUROPEAN,
    "bulgarian": BULGARIAN,
    "pakistani": PAKISTANI,
    "indian": INDIAN,
    "bangladeshi": BANGLADESHI,
    "nepali": NEPALI,
    "chinese": CHINESE,
    "south-east-asian": SOUTH_EAST_ASIAN,
    "west-african": WEST_AFRICAN,
    "east-african": EAST_AFRICAN,
    "caribbean": CARIBBEAN,
    "middle-eastern": MIDDLE_EASTERN,
}

COUNTY_MIX = {
    "british": 70,
    "polish": 3,
    "romanian": 2,
    "portuguese": 1.5,
    "southern-european": 1.5,
    "baltic": 0.8,
    "central-european": 1.2,
    "bulgarian": 0.6,
    "pakistani": 3.5,
    "indian": 3,
    "bangladeshi": 1,
    "nepali": 0.5,
    "chinese": 1.5,
    "south-east-asian": 1,
    "west-african": 2,
    "east-african": 1.5,
    "caribbean": 1.5,
    "middle-eastern": 1.9,
}
# How much more (or less) of the non-British mix each area has than the county as a whole.
DIVERSITY = {
    "Oxford City": 2.6,
    "Banbury and North Oxfordshire": 1.5,
    "Bicester": 1.1,
    "Abingdon and Didcot": 0.8,
    "Witney and West Oxfordshire": 0.5,
    "Wallingford, Thame and Henley": 0.5,
    "Wantage and Faringdon": 0.5,
}
MIXED_HERITAGE = 0.08
DOUBLE_BARRELLED = 0.02


@dataclass(frozen=True)
class NameMix:
    """The weighted heritage mix for one area."""

    heritages: tuple[str, ...]
    weights: tuple[float, ...]

    @classmethod
    def for_area(cls, area: str | None) -> "NameMix":
        factor = DIVERSITY.get(area or "", 1.0)
        weights = {name: share * (1 if name == "british" else factor) for name, share in COUNTY_MIX.items()}
        return cls(tuple(weights), tuple(weights.values()))

    def pick(self, rng: random.Random) -> NamePool:
        return POOLS[rng.choices(self.heritages, self.weights)[0]]


def synthetic_name(rng: random.Random, mix: NameMix, girl: bool) -> tuple[str, str]:
    """A (given name, family name) pair; some learners take their given and family names from different heritages."""
    given_pool = mix.pick(rng)
    family_pool = mix.pick(rng) if rng.random() < MIXED_HERITAGE else given_pool
    given = rng.choice(given_pool.girls if girl else given_pool.boys)
    family = family_pool.family_name(rng, girl)
    if family_pool is BRITISH and rng.random() < DOUBLE_BARRELLED:
        family = f"{family}-{BRITISH.family_name(rng, girl)}"
    return given, family
