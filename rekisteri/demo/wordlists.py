"""Word lists for made-up Finnish customers: common first names and surnames, everyday
street names, and towns with the postal codes of their centres.

Kept in code rather than taken from a library so that the generator has no run-time
dependency and gives the same people for the same seed on every installation.
"""

from __future__ import annotations

# fmt: off
FIRST_NAMES = (
    # Common in Finland across generations.
    "Aino", "Aada", "Aila", "Aleksi", "Anna", "Anne", "Anneli", "Antero", "Antti", "Arja",
    "Eero", "Eetu", "Eevi", "Eila", "Eino", "Elias", "Elina", "Ella", "Emilia", "Emma",
    "Erkki", "Esa", "Hanna", "Hannele", "Harri", "Heikki", "Heli", "Helmi", "Henri",
    "Iida", "Ilkka", "Irma", "Jaana", "Janne", "Jari", "Joni", "Joonas", "Jorma", "Juha",
    "Juho", "Jukka", "Kaarina", "Kalle", "Kari", "Katja", "Kirsi", "Kristiina", "Lasse",
    "Lauri", "Leena", "Leo", "Liisa", "Lotta", "Maija", "Marja", "Marjatta", "Marko",
    "Markku", "Matti", "Mikael", "Mikko", "Milla", "Minna", "Niko", "Noora", "Olavi",
    "Oliver", "Olli", "Onni", "Oskari", "Outi", "Paula", "Pekka", "Petri", "Pihla", "Pirjo",
    "Päivi", "Raija", "Riikka", "Risto", "Sami", "Sanna", "Sari", "Seppo", "Siiri", "Sofia",
    "Suvi", "Tapani", "Tapio", "Teemu", "Terhi", "Timo", "Tiina", "Tuomas", "Tuula",
    "Ulla", "Veeti", "Venla", "Ville", "Väinö",
)

SURNAMES = (
    "Aaltonen", "Ahonen", "Anttila", "Eskola", "Hakala", "Halonen", "Heikkilä", "Heikkinen",
    "Heinonen", "Hiltunen", "Hirvonen", "Huttunen", "Hämäläinen", "Jokinen", "Juntunen",
    "Järvinen", "Kallio", "Karjalainen", "Kauppinen", "Kemppainen", "Kettunen", "Kinnunen",
    "Koivisto", "Korhonen", "Koskinen", "Laaksonen", "Lahtinen", "Laine", "Laitinen",
    "Lehtinen", "Lehto", "Lehtonen", "Leinonen", "Leppänen", "Lindholm", "Lindqvist",
    "Lindroos", "Manninen", "Mattila", "Miettinen", "Mustonen", "Mäkelä", "Mäkinen",
    "Niemi", "Nieminen", "Nurmi", "Nyström", "Ojala", "Peltonen", "Pitkänen", "Rantanen",
    "Räsänen", "Saarinen", "Salminen", "Salo", "Salonen", "Savolainen", "Seppälä",
    "Sirola", "Sundström", "Suominen", "Tuominen", "Turunen", "Vainio", "Virtanen",
    "Väisänen",
)

STREETS = (
    "Asematie", "Harjutie", "Kalliotie", "Kauppakatu", "Keskuskatu", "Kirkkokatu",
    "Kirkkotie", "Koivukuja", "Koulukatu", "Koulutie", "Kuusitie", "Lähdetie", "Mäntytie",
    "Metsätie", "Myllykatu", "Myllytie", "Niittytie", "Opintie", "Peltotie", "Pihlajatie",
    "Puistokatu", "Puistotie", "Rantakatu", "Rantatie", "Rautatienkatu", "Satamakatu",
    "Sepänkatu", "Tehtaankatu", "Teollisuustie", "Torikatu", "Urheilukatu", "Vaahterakuja",
    "Valtakatu", "Veräjätie", "Viljatie",
)

# Town, relative weight (roughly its population), and real postal codes in it.
TOWNS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("Helsinki", 67, ("00100", "00120", "00140", "00150", "00170", "00200", "00250",
                      "00500", "00530", "00550", "00610", "00700", "00800", "00930")),
    ("Espoo", 31, ("02100", "02150", "02200", "02230", "02600", "02650", "02770",
                   "02920", "02940")),
    ("Tampere", 25, ("33100", "33200", "33500", "33540", "33720")),
    ("Vantaa", 24, ("01300", "01350", "01450", "01510", "01600")),
    ("Oulu", 21, ("90100", "90500", "90570")),
    ("Turku", 20, ("20100", "20500", "20700", "20810")),
    ("Jyväskylä", 15, ("40100", "40320", "40520")),
    ("Kuopio", 12, ("70100", "70500")),
    ("Lahti", 12, ("15100", "15140")),
    ("Pori", 8, ("28100",)),
    ("Kouvola", 8, ("45100",)),
    ("Joensuu", 8, ("80100",)),
    ("Lappeenranta", 7, ("53100",)),
    ("Hämeenlinna", 7, ("13100",)),
    ("Vaasa", 7, ("65100",)),
    ("Seinäjoki", 6, ("60100",)),
    ("Rovaniemi", 6, ("96100",)),
    ("Mikkeli", 5, ("50100",)),
    ("Porvoo", 5, ("06100",)),
    ("Kotka", 5, ("48100",)),
    ("Salo", 5, ("24100",)),
    ("Lohja", 5, ("08100",)),
    ("Hyvinkää", 5, ("05800",)),
    ("Järvenpää", 4, ("04400",)),
    ("Rauma", 4, ("26100",)),
    ("Kerava", 4, ("04200",)),
    ("Kokkola", 5, ("67100",)),
    ("Kajaani", 4, ("87100",)),
    ("Nokia", 3, ("37100",)),
    ("Savonlinna", 3, ("57100",)),
    ("Riihimäki", 3, ("11100",)),
    ("Imatra", 3, ("55100",)),
    ("Raisio", 2, ("21200",)),
    ("Naantali", 2, ("21100",)),
    ("Kemi", 2, ("94100",)),
    ("Tornio", 2, ("95400",)),
    ("Iisalmi", 2, ("74100",)),
    ("Forssa", 2, ("30100",)),
    ("Heinola", 2, ("18100",)),
    ("Kauniainen", 1, ("02700",)),
)
# fmt: on

# Mobile operators' prefixes; most customers give a mobile number.
MOBILE_PREFIXES = ("040", "041", "044", "045", "046", "050")

# Reserved for documentation (RFC 2606): a generated address can never reach a real person.
EMAIL_DOMAINS = ("example.net", "example.org")
