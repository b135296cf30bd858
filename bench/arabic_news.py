"""Generated Arabic news articles for the library benchmarks: real-looking
(a headline, a source, a date, paragraphs of news prose, some sections),
1-5 KB each, in the formats Qari reads (plain text as extractors write it,
Markdown with YAML front matter, Markdown with a heading for a title), and
no two alike: the sentences are drawn from word lists with names, places
and figures, so the index and the search see distinct text, not a few
lines repeated."""

from __future__ import annotations

import random
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one text, its items parted by Arabic commas."""
    return tuple(item.strip() for item in text.split("،"))


_SUBJECTS = _words(
    "الحكومة، وزارة الخارجية، البنك المركزي، مجلس الوزراء، رئيس الوزراء، وزير المالية، "
    "المتحدث باسم الجيش، منظمة الصحة العالمية، الأمم المتحدة، الاتحاد الأوروبي، جامعة "
    "الدول العربية، المحكمة الدستورية، البرلمان، نقابة الأطباء، اتحاد كرة القدم، هيئة "
    "الأرصاد الجوية، وزارة التربية والتعليم، وزارة الصحة، الشركة الوطنية للكهرباء، هيئة "
    "الاستثمار، غرفة التجارة، المفوضية العليا للاجئين، صندوق النقد الدولي، البنك الدولي، "
    "وزارة الزراعة، محافظ العاصمة، مجلس الأمن، الهلال الأحمر، وزارة النقل، هيئة المياه"
)
_VERBS = _words(
    "أعلنت، أكدت، نفت، قررت، طالبت، حذرت، رحبت، بحثت، ناقشت، وقعت، افتتحت، أطلقت، رفضت، "
    "اقترحت، كشفت، استعرضت، تابعت، أقرت"
)
_HEADLINE_VERBS = _words(
    "تعلن، تبحث، تطلق، تحذر من، ترفض، تقر، توقع، تدرس، تكشف عن، تفتتح، تطالب بـ، ترحب بـ، "
    "تناقش، تعتمد، تستعرض"
)
_OBJECTS = _words(
    "خطة جديدة لدعم، اتفاقية للتعاون في مجال، مشروعا لتطوير، قرارا بشأن، تقريرا مفصلا عن، "
    "برنامجا لتحسين، حزمة إجراءات لمواجهة أزمة، استراتيجية وطنية لتعزيز، مبادرة لتمويل، "
    "دراسة حول مستقبل، ميزانية إضافية لقطاع، خارطة طريق لإصلاح، حملة توعية بأهمية، معايير "
    "جديدة لتنظيم"
)
_TOPICS = _words(
    "الطاقة المتجددة، التعليم الفني، قطاع السياحة، الأمن الغذائي، المياه الجوفية، النقل "
    "العام، الصناعات الصغيرة، الرعاية الصحية، الاقتصاد الرقمي، البنية التحتية، الإسكان "
    "الاجتماعي، التجارة الإلكترونية، المناطق الحرة، الثروة السمكية، الزراعة المستدامة، "
    "شبكات الكهرباء، الموانئ البحرية، التأمين الصحي، البحث العلمي، المدارس الحكومية، سوق "
    "العمل، التغير المناخي، مياه الشرب، الطرق السريعة، القطاع المصرفي، الصادرات الزراعية، "
    "السكك الحديدية"
)
_PLACES = _words(
    "القاهرة، الرياض، دبي، بيروت، عمّان، بغداد، الدوحة، تونس، الرباط، الخرطوم، الجزائر، "
    "الكويت، مسقط، المنامة، دمشق، صنعاء، طرابلس، نواكشوط، غزة، القدس، الإسكندرية، جدة، "
    "أبوظبي، البصرة، حلب، وهران، صفاقس، مراكش، بنغازي، عدن، الموصل، أسوان، الشارقة، إربد، "
    "طنجة"
)
_WHEN = _words(
    "اليوم، أمس، مساء الأحد، صباح الاثنين، خلال الأسبوع الماضي، في ختام اجتماعها، يوم "
    "الثلاثاء، منذ مطلع العام، في بيان رسمي، خلال مؤتمر صحفي، ليلة الخميس"
)
_FIRST = _words(
    "محمد، أحمد، فاطمة، علي، مريم، خالد، سارة، يوسف، ليلى، عمر، نور، حسن، هدى، إبراهيم، "
    "رانيا، طارق، سلمى، مصطفى، دينا، كريم"
)
_FAMILY = _words(
    "الحسيني، العتيبي، بن علي، المصري، الشامي، القحطاني، الزعبي، الخطيب، النجار، الحداد، "
    "السويدي، الكعبي، العمري، الجبوري، المنصوري، التميمي"
)
_ROLES = _words(
    "المتحدث الرسمي باسم الوزارة، الخبير الاقتصادي، مدير المشروع، أستاذ العلوم السياسية، "
    "رئيس اللجنة، المحلل المالي، مسؤول في الهيئة، عضو مجلس الإدارة، الباحث في المركز"
)
_SAYING = ("وقال", "وأضاف", "وأوضح", "وأشار", "ولفت", "وأكد", "من جهته، قال", "في المقابل، رأى")
_CLAIMS = _words(
    "إن المرحلة المقبلة تتطلب تنسيقا أكبر بين الجهات المعنية، أن النتائج الأولية تبشر "
    "بتحسن ملموس في مستوى الخدمات، إن التحديات لا تزال كبيرة رغم الجهود المبذولة، أن "
    "التمويل سيأتي من موارد محلية وشراكات مع القطاع الخاص، إن المواطنين سيلمسون أثر هذه "
    "الخطوات قبل نهاية العام، أن الأسعار قد ترتفع مؤقتا قبل أن تستقر، إن الحوار هو السبيل "
    "الوحيد للخروج من الأزمة، أن التقرير يستند إلى بيانات جمعت من عدة محافظات، إن المشروع "
    "يوفر آلاف فرص العمل للشباب، أن الخطة تراعي المعايير البيئية الدولية"
)
_FIGURES = _words(
    "بنسبة {p}% مقارنة بالعام الماضي، بتكلفة تقدر بنحو {m} مليون دولار، ويستفيد منه أكثر "
    "من {k} ألف شخص، خلال {y} سنوات، على مساحة {k} هكتار، بحلول عام {year}، بزيادة قدرها "
    "{p} نقطة مئوية، في {k} موقعا مختلفا"
)
_HEADINGS = _words(
    "الخلفية، التفاصيل، ردود الفعل، الأرقام، ما التالي؟، السياق الإقليمي، آراء الخبراء، "
    "التمويل، المخاوف، الجدول الزمني، الموقف الرسمي، على الأرض"
)
_SOURCES = _words(
    "وكالة الأنباء العربية، صحيفة الأهرام، الشرق الأوسط، الجزيرة نت، سكاي نيوز عربية، "
    "العربي الجديد، صحيفة الرياض، البيان، الخليج، النهار، الصباح، الشروق، المصري اليوم، "
    "عكاظ، الرأي، الوطن، القدس العربي، هسبريس، الأيام، العرب"
)
_MONTHS = _words(
    "يناير، فبراير، مارس، أبريل، مايو، يونيو، يوليو، أغسطس، سبتمبر، أكتوبر، نوفمبر، ديسمبر"
)


class NewsWriter:
    """Articles drawn from one seeded random generator: the same seed, the
    same library."""

    def __init__(self, seed: int) -> None:
        self._chance = random.Random(seed)

    def _pick(self, words: tuple[str, ...]) -> str:
        return self._chance.choice(words)

    def _figure(self) -> str:
        chance = self._chance
        return self._pick(_FIGURES).format(
            p=chance.randint(2, 95),
            m=chance.randint(5, 900),
            k=chance.randint(2, 400),
            y=chance.randint(2, 12),
            year=chance.randint(2026, 2040),
        )

    def _person(self) -> str:
        return f"{self._pick(_FIRST)} {self._pick(_FAMILY)}"

    def headline(self) -> str:
        subject, verb = self._pick(_SUBJECTS), self._pick(_HEADLINE_VERBS)
        what = f"{self._pick(_OBJECTS)} {self._pick(_TOPICS)}"
        return f"{subject} {verb} {what} في {self._pick(_PLACES)}"

    def sentence(self) -> str:
        chance = self._chance
        kind = chance.randrange(3)
        if kind == 0:
            return (
                f"{self._pick(_VERBS)} {self._pick(_SUBJECTS)} {self._pick(_WHEN)} "
                f"{self._pick(_OBJECTS)} {self._pick(_TOPICS)} في {self._pick(_PLACES)}، "
                f"{self._figure()}."
            )
        if kind == 1:
            return (
                f"{self._pick(_SAYING)} {self._person()}، {self._pick(_ROLES)}، "
                f"{self._pick(_CLAIMS)}، {self._figure()}."
            )
        return (
            f"ويأتي ذلك في وقت تشهد فيه {self._pick(_PLACES)} نقاشا واسعا حول "
            f"{self._pick(_TOPICS)} و{self._pick(_TOPICS)}، {self._figure()}."
        )

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self._chance.randint(1, 4)))

    def date(self) -> str:
        chance = self._chance
        year, month, day = chance.randint(2015, 2025), chance.randint(1, 12), chance.randint(1, 28)
        return f"{year:04}-{month:02}-{day:02}"

    def article(self, size: int) -> tuple[str, str]:
        """(suffix, text) of an article of about `size` bytes."""
        chance = self._chance
        title, source, date = self.headline(), self._pick(_SOURCES), self.date()
        body: list[str] = []
        written = 0
        while written < size - len(title.encode()) - 60:
            if body and chance.random() < 0.15:
                body.append(("## " if chance.random() < 0.5 else "") + self._pick(_HEADINGS))
            paragraph = self.paragraph()
            body.append(paragraph)
            written += len(paragraph.encode()) + 2
        kind = chance.random()
        if kind < 0.5:
            lines = [line.removeprefix("## ") for line in body]
            year, month, day = date.split("-")
            shown_date = (
                date if chance.random() < 0.5 else f"{int(day)} {_MONTHS[int(month) - 1]} {year}"
            )
            return ".txt", "\n\n".join([title, source, shown_date, *lines]) + "\n"
        if kind < 0.8:
            front = f'---\ntitle: "{title}"\nsource: {source}\ndate: {date}\nlang: ar\n---\n\n'
            return ".md", front + "\n\n".join(body) + "\n"
        return ".md", f"# {title}\n\n" + "\n\n".join(body) + "\n"


def write_library(root: Path, count: int, seed: int = 1) -> int:
    """`count` distinct articles of 1-5 KB under `root`, in folders of about
    a hundred (by source and year, as a news archive is kept); returns the
    bytes written."""
    writer = NewsWriter(seed)
    chance = random.Random(seed + 1)
    seen: set[int] = set()
    total = 0
    for number in range(count):
        while True:
            suffix, text = writer.article(chance.randint(1000, 4500))
            digest = hash(text)
            if digest not in seen:
                seen.add(digest)
                break
        folder = root / f"source-{number % 20:02}" / f"{2015 + number // 2000}"
        folder.mkdir(parents=True, exist_ok=True)
        data = text.encode()
        (folder / f"article-{number:05}{suffix}").write_bytes(data)
        total += len(data)
    return total
