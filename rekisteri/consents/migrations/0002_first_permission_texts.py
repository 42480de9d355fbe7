"""The first version of each permission text, in Finnish, Swedish and English.

Each text asks for one channel only, says whose marketing it is, and tells how to withdraw
(GDPR Art. 7, L8, L21). Later wording is published as new versions by staff; these rows
never change, because grants point at them.
"""

from django.db import migrations

FIRST_TEXTS = {
    ("email", "fi"): (
        "Haluan saada Ilmapallokeskuksen tarjouksia ja uutisia sähköpostitse. Voin perua "
        "luvan milloin tahansa Oma tili -sivulla tai jokaisen viestin peruutuslinkistä."
    ),
    ("email", "sv"): (
        "Jag vill få erbjudanden och nyheter från Ilmapallokeskus per e-post. Jag kan när "
        "som helst återkalla mitt samtycke på sidan Mitt konto eller via "
        "avregistreringslänken i varje meddelande."
    ),
    ("email", "en"): (
        "I want to receive offers and news from Ilmapallokeskus by email. I can withdraw "
        "this permission at any time on the My account page or with the unsubscribe link "
        "in any message."
    ),
    ("sms", "fi"): (
        "Haluan saada Ilmapallokeskuksen tarjouksia ja uutisia tekstiviesteinä. Voin perua "
        "luvan milloin tahansa Oma tili -sivulla tai jokaisen viestin peruutuslinkistä."
    ),
    ("sms", "sv"): (
        "Jag vill få erbjudanden och nyheter från Ilmapallokeskus som sms. Jag kan när som "
        "helst återkalla mitt samtycke på sidan Mitt konto eller via avregistreringslänken "
        "i varje meddelande."
    ),
    ("sms", "en"): (
        "I want to receive offers and news from Ilmapallokeskus by text message. I can "
        "withdraw this permission at any time on the My account page or with the "
        "unsubscribe link in any message."
    ),
    ("post", "fi"): (
        "Haluan saada Ilmapallokeskuksen tarjouksia ja uutisia postitse osoitteeseeni. Voin "
        "perua luvan milloin tahansa Oma tili -sivulla tai ottamalla yhteyttä "
        "asiakaspalveluun."
    ),
    ("post", "sv"): (
        "Jag vill få erbjudanden och nyheter från Ilmapallokeskus per post till min adress. "
        "Jag kan när som helst återkalla mitt samtycke på sidan Mitt konto eller genom att "
        "kontakta kundtjänsten."
    ),
    ("post", "en"): (
        "I want to receive offers and news from Ilmapallokeskus by post to my address. I "
        "can withdraw this permission at any time on the My account page or by contacting "
        "customer service."
    ),
}


def create_first_texts(apps, schema_editor):
    PermissionText = apps.get_model("consents", "PermissionText")
    existing = set(PermissionText.objects.values_list("channel", "language"))
    PermissionText.objects.bulk_create(
        PermissionText(channel=channel, language=language, version=1, text=text)
        for (channel, language), text in FIRST_TEXTS.items()
        if (channel, language) not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("consents", "0001_initial")]

    # Going back leaves the texts: grants may point at them.
    operations = [migrations.RunPython(create_first_texts, migrations.RunPython.noop)]
