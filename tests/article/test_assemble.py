from reader.article.assemble import SectionBuilder, fold_lines
from reader.article.model import Block, BlockKind, Section


def test_fold_lines_joins_a_paragraphs_lines_with_single_spaces():
    assert fold_lines(["  first line ", "", "second\t", " third"]) == "first line second third"


def test_fold_lines_keeps_spacing_inside_a_line():
    assert fold_lines(["a  b"]) == "a  b"


def test_an_empty_lead_is_left_out_but_an_empty_section_is_kept():
    sections = SectionBuilder()
    sections.start("First", 1)
    sections.start("Second", 2)
    sections.add(Block(BlockKind.PARAGRAPH, "text"))
    assert sections.build() == (
        Section("First", 1, ()),
        Section("Second", 2, (Block(BlockKind.PARAGRAPH, "text"),)),
    )


def test_blocks_before_any_heading_form_the_lead():
    sections = SectionBuilder()
    sections.add(Block(BlockKind.PARAGRAPH, "lead"))
    sections.start("Heading", 1)
    built = sections.build()
    assert built[0] == Section(None, 0, (Block(BlockKind.PARAGRAPH, "lead"),))
    assert built[1].heading == "Heading"
