import io

from reader.serve.log import log, log_line


def test_a_line_names_the_event_and_its_fields():
    line = log_line(
        "session-end",
        addr="127.0.0.1:4000",
        user="SHA256:abc+/d",
        duration=12.345,
        sent=4096,
        status=0,
    )
    assert line == (
        "qari serve: session-end addr=127.0.0.1:4000 user=SHA256:abc+/d "
        "duration=12.3s sent=4096 status=0"
    )


def test_no_value_can_break_the_line_or_pass_for_a_field():
    line = log_line("refused", addr="1.2.3.4:5\nqari serve: fake", reason="a b=c\x1b[2J")
    assert "\n" not in line and "\x1b" not in line
    assert line == "qari serve: refused addr=1.2.3.4:5?qari?serve:?fake reason=a?b?c?[2J"


def test_long_and_empty_values_are_cut_and_shown():
    line = log_line("x", long="y" * 500, empty="")
    assert line == f"qari serve: x long={'y' * 120} empty=-"


def test_log_writes_one_line():
    out = io.StringIO()
    log("connection", out=out, addr="::1", user="anonymous")
    assert out.getvalue() == "qari serve: connection addr=::1 user=anonymous\n"
