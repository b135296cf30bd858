"""A small generated library of Arabic articles for the index and search tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTICLES = {
    "school.md": (
        "---\ntitle: افتتاح المدرسة الجديدة في الحي\nsource: صحيفة الحي\ndate: 2024-03-01\n---\n\n"
        "زار المحافظ اليوم المستشفى والمدرسة الجديدة في الحي.\n\n## التفاصيل\n\n"
        "وقال المدير إن المدرسة ستستقبل خمسمائة طالب في العام الأول.\n"
    ),
    "emirates.txt": (
        "الإمارات العربية المتحدة تعلن خطة للطاقة\n\nوكالة الأنباء\n\n2024-02-10\n\n"
        "أعلنت دولة الإمارات العربية المتحدة اليوم خطة جديدة للطاقة النظيفة.\n\n"
        "وتشمل الخطة بناء محطات شمسية في عدة إمارات.\n"
    ),
    "lesson.txt": (
        "درس في التاريخ\n\nمجلة المعرفة\n\n2024-01-05\n\n"
        "يتناول هذا الدرس تاريخ المنطقة القديم وما تركه من آثار.\n"
    ),
    "vowelled.txt": ("قصيدة\n\nديوان\n\nفي مَدْرَسَةِ الحَيِّ تَعَلَّمْنا الشِّعْرَ أَوَّلَ مَرَّةٍ.\n"),
    "english.md": (
        "# Harbour Lights\n\nThe COVID-19 rules changed in 2023, the port said.\n\n"
        "## Later\n\nShips returned to the harbour.\n"
    ),
}


@pytest.fixture
def make_library(tmp_path: Path):
    def make(articles: dict[str, str] = ARTICLES, folder: str = "library") -> Path:
        root = tmp_path / folder
        for name, text in articles.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make
