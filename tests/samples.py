"""Inputs shared by the text, API, CLI and app tests: an Arabic article written for the tests, texts in
other languages of the Arabic script, the same article as PDFs, legacy code pages and web pages deliver
it, binary junk, and the input matrix (each input with the outcome the API, the CLI and the app must give).
Imported by name (tests/ is on sys.path via conftest.py)."""
import gzip
import io
import json
import random
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

from summarizer.text.validate import prepare_article

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "html"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))

# An article written for these tests (numbers 40, 1417 and 2687 are what the brief must keep).
ARTICLE = """أعلنت وزارة الصحة أن فرقها الطبية أجرت 1417 عملية جراحية خلال الأسبوع الماضي في مستشفيات العاصمة، بينها 40 عملية قلب مفتوح.
وقال المتحدث باسم الوزارة في مؤتمر صحفي إن عدد المراجعين لأقسام الطوارئ بلغ 2687 مراجعا، بزيادة واضحة عن الأسبوع الذي سبقه.
وأضاف أن الوزارة افتتحت ثلاثة مراكز جديدة لغسيل الكلى في المحافظات الجنوبية، وزودتها بأجهزة حديثة وكوادر مدربة.
وأشار إلى أن نقص الأدوية المزمنة ما زال يمثل التحدي الأكبر أمام المستشفيات الحكومية، داعيا المنظمات الدولية إلى دعم خطة الوزارة.
وكانت الوزارة قد أطلقت مطلع العام حملة وطنية لتطعيم الأطفال ضد الحصبة وشلل الأطفال، وصلت إلى أكثر من 900 ألف طفل.
ومن المقرر أن تعلن الوزارة نتائج المرحلة الثانية من الحملة نهاية الشهر المقبل، بعد استكمال الزيارات الميدانية في القرى النائية."""
SHORT = "أعلنت وزارة الصحة أن فرقها الطبية أجرت 1417 عملية جراحية خلال الأسبوع الماضي."

PERSIAN = ("بانک مرکزی ایران روز سه‌شنبه اعلام کرد که نرخ تورم سالانه در ماه گذشته به ۳۵ درصد رسیده است. "
           "به گفته کارشناسان، افزایش قیمت مواد غذایی و کاهش ارزش ریال مهم‌ترین عوامل این افزایش بوده‌اند. "
           "دولت وعده داده است که با کنترل نقدینگی و حمایت از تولید داخلی، تورم را در سال آینده کاهش دهد. "
           "با این حال بسیاری از شهروندان می‌گویند که هزینه‌های زندگی هر ماه بیشتر می‌شود و درآمد آنها "
           "پاسخگوی نیازهای خانواده نیست.")
# Persian without پ چ ژ: only its yeh, keheh and words tell it apart.
PERSIAN_PLAIN = ("وزیر امور خارجه در سفر خود به بغداد با رئیس جمهور عراق دیدار و درباره روابط دو کشور "
                 "صحبت کرد. در این دیدار دو طرف بر ضرورت همکاری‌های اقتصادی و امنیتی تاکید کردند. "
                 "وی همچنین گفت که تهران از ثبات و امنیت عراق حمایت می‌کند.")
URDU = ("پاکستان کے وزیر اعظم نے کہا ہے کہ حکومت مہنگائی پر قابو پانے کے لیے فوری اقدامات کر رہی ہے۔ "
        "انہوں نے اسلام آباد میں ایک تقریب سے خطاب کرتے ہوئے بتایا کہ آئندہ بجٹ میں غریب خاندانوں کے لیے "
        "خصوصی امداد رکھی جائے گی۔ ماہرین کا کہنا ہے کہ بجلی اور گیس کی قیمتوں میں اضافے سے عام شہریوں کی "
        "مشکلات بڑھ گئی ہیں۔ اپوزیشن جماعتوں نے حکومت کی معاشی پالیسیوں پر سخت تنقید کی ہے۔")
KURDISH = ("حکومەتی هەرێمی کوردستان ڕایگەیاند کە مووچەی فەرمانبەران لە هەفتەی داهاتوودا دابەش دەکرێت. "
           "وەزیری دارایی لە کۆنگرەیەکی ڕۆژنامەوانیدا گوتی کە پارەکە لە بەغداوە گەیشتووە. "
           "خەڵکی شارەکانی هەولێر و سلێمانی چاوەڕێی ئەم بڕیارە بوون.")
PASHTO = ("د افغانستان د روغتیا وزارت ویلي چې په تېره اونۍ کې د شري ناروغۍ ډېرې پېښې ثبت شوې دي. "
          "چارواکو له خلکو غوښتي چې خپل ماشومان د واکسین لپاره روغتیايي مرکزونو ته بوځي.")

BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f-\x9f]")


def prepared(raw, notes=None):
    return prepare_article(raw, 200_000, notes=notes)


def lines_of(brief):
    return [brief.headline_ar, *brief.bullets_ar]


def renderings(brief):
    return [brief.to_markdown(), brief.to_json(), brief.to_html()]


def run_cli(*args):
    return subprocess.run([sys.executable, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=300)


# -- shaping, as PDF text extraction delivers Arabic ------------------------------------------------

def _presentation_table():
    table = {}
    for cp in range(0xFE70, 0xFEFF):
        decomposition = unicodedata.decomposition(chr(cp))
        if decomposition.startswith("<"):
            form, _, code = decomposition[1:].partition("> ")
            table[(tuple(chr(int(c, 16)) for c in code.split()), form)] = chr(cp)
    return table


FORMS = _presentation_table()


def shape(text: str) -> str:
    """Arabic letters to their contextual presentation forms (lam-alef as one ligature)."""
    units = re.findall("ل[اأإآ]|.", text, re.S)
    def has(unit, form):
        return (tuple(unit), form) in FORMS
    def joins_next(unit):  # a dual-joining letter joins the one after it
        return unit is not None and has(unit, "initial")
    out = []
    for i, unit in enumerate(units):
        if not has(unit, "isolated"):
            out.append(unit)
            continue
        before = joins_next(units[i - 1]) if i else False
        after = i + 1 < len(units) and has(units[i + 1], "isolated")
        form = {(False, False): "isolated", (True, False): "final", (False, True): "initial",
                (True, True): "medial"}[(before, after and has(unit, "initial"))]
        out.append(FORMS.get((tuple(unit), form)) or FORMS[(tuple(unit), "final" if before else "isolated")])
    return "".join(out)


def visual_order(line: str) -> str:
    """A right-to-left line as stored left to right in a PDF: reversed, numbers and Latin kept LTR."""
    ltr = re.compile(r"[0-9A-Za-z]+(?:[ .,:/%\-]+[0-9A-Za-z]+)*")
    return ltr.sub(lambda m: m.group(0)[::-1], line[::-1].translate(str.maketrans("()", ")(")))


def page_bytes(name: str) -> bytes:
    data = (PAGES / name).read_bytes()
    # The old table layout declares windows-1256, as such pages do: give it those bytes.
    return data.decode("utf-8").encode("cp1256") if "windows-1256" in data.decode("utf-8") else data


def with_bidi_controls(text: str) -> str:
    """Numbers wrapped in embeddings and isolates, marks between words: as pasted from web pages."""
    text = re.sub(r"\d+", lambda m: f"\u202b\u2066{m.group(0)}\u2069\u202c", text)
    return text.replace(" ", " \u200f", 5).replace("،", "\u061c،\u200e").replace("إن", "\u202eإن\u202c")


def _zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.txt", ARTICLE)
    return buffer.getvalue()


BINARY = {
    "random": random.Random(0).randbytes(4000),
    "random-high-bytes": bytes(b | 0x80 for b in random.Random(1).randbytes(4000)),
    "random-no-nul": bytes(b or 1 for b in random.Random(2).randbytes(4000)),
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4,
    "zip": _zip_bytes(),
    "gzip": gzip.compress(ARTICLE.encode()),
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 99 /Filter /FlateDecode >>\nstream\n"
           + gzip.compress(ARTICLE.encode()),
    "elf": b"\x7fELF\x02\x01\x01\x00" + random.Random(3).randbytes(2000),
}


MATRIX = [  # (id, input bytes, "ok" or the reason the error names, a note the brief must carry)
    ("utf8", ARTICLE.encode(), "ok", None),
    ("cp1256", ARTICLE.encode("cp1256"), "ok", "windows-1256"),
    ("iso8859-6", ARTICLE.encode("iso8859_6"), "ok", "ISO-8859-6"),
    ("utf16", ARTICLE.encode("utf-16"), "ok", "UTF-16"),
    ("mojibake", ARTICLE.encode().decode("cp1256").encode(), "ok", "misread as windows-1256"),
    ("bidi", with_bidi_controls(ARTICLE).encode(), "ok", None),
    ("nul", ARTICLE.replace("وزارة", "وز\x00ارة").encode(), "ok", None),
    ("presentation-forms", shape(ARTICLE).encode(), "ok", None),
    ("pdf-visual-order", "\n".join(visual_order(shape(x)) for x in ARTICLE.splitlines()).encode(), "ok",
     "visual order"),
    ("news-page", (PAGES / "article-semantic.html").read_bytes(), "ok", "the input was HTML"),
    ("legacy-page", page_bytes("table-legacy.html"), "ok", "windows-1256"),
    # A page that says utf-8 but was saved as windows-1256: the bytes decide, not the label.
    ("mislabelled-page", (PAGES / "article-semantic.html").read_text(encoding="utf-8").encode("cp1256"), "ok",
     "windows-1256"),
    ("persian", PERSIAN.encode(), "looks like Persian, not Arabic", None),
    ("urdu", URDU.encode(), "looks like Urdu, not Arabic", None),
    ("kurdish", KURDISH.encode("utf-8"), "looks like Kurdish", None),
    ("random", BINARY["random"], "binary", None),
    ("png", BINARY["png"], "binary", None),
    ("zip", BINARY["zip"], "binary", None),
    ("controls", ("\x00\x01\x02" * 100).encode(), "binary", None),
    ("english", b"This is an English article about the weather in London today, nothing more.", "not Arabic", None),
    ("latin1", "Le président a déclaré que la réunion était reportée.".encode("latin-1"), "not UTF-8", None),
    ("empty", b"  \n\t ", "empty", None),
]


# -- the batch command, as the io tests drive it ----------------------------------------------------------

def run(capsys, *args) -> tuple[int, str]:
    """`brief ARGS` offline and Arabic only: (exit code, what it said on stderr, its "done" line included)."""
    from summarizer.commands import main
    code = main([*map(str, args), "--no-translate", "--offline"])
    return code, capsys.readouterr().err


def out_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def jsonl(*objects) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)


def brief_words(article: str) -> set[str]:
    """The tokens a brief of `article` may use: the article's own, and the present tense of each of its
    verbs of reporting, which a subject-first headline takes (أعلنت الوزارة → الوزارة تعلن)."""
    from summarizer.summarize.clauses import present_tense
    from summarizer.text.tokens import tokenize

    words = set(tokenize(article))
    return words | {t for w in article.split() if (now := present_tense(w)) for t in tokenize(now)}
