from textual.binding import Binding

from reader.ui.keys import ARABIC_LAYOUT, bind, with_layout_aliases


def test_aliases_follow_the_physical_key_on_the_arabic_layout():
    assert with_layout_aliases("j,down") == "j,down,ت"
    assert with_layout_aliases("]") == "],د"
    assert with_layout_aliases("[") == "[,ج"
    assert with_layout_aliases("q") == "q,ض"
    assert with_layout_aliases("tab") == "tab"


def test_digits_answer_to_arabic_indic_and_persian_digits():
    assert with_layout_aliases("1") == "1,١,۱"


def test_no_two_latin_keys_share_an_arabic_key():
    values = list(ARABIC_LAYOUT.values())
    assert len(values) == len(set(values))
    assert not set(values) & set(ARABIC_LAYOUT)


def test_bind_expands_to_one_binding_per_key():
    keys = [b.key for b in Binding.make_bindings([bind("k,up", "up", "Up", id="up")])]
    assert keys == ["k", "up", "ن"]
    question = [b.key for b in Binding.make_bindings([bind("?", "help", "Help", id="help")])]
    assert question == ["question_mark", "arabic_question_mark"]
