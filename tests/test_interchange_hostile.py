"""Hostile input to `import-qti` and `import-moodle-xml`: each attack a test. None may run code,
hang, crash with a traceback, leak a file's content, or write anything but the -o file; each ends
with a clear message naming the file (and member and line where it can) and exit status 1."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from learnmeta.cli import main
from learnmeta.instructor import interchange

SECRET = "TOP-SECRET-CONTENT-42"

GOOD_ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="q1" title="Q1" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>a</value></correctResponse></responseDeclaration>
  <itemBody><choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">
    <prompt>{prompt}</prompt>
    <simpleChoice identifier="a">Yes</simpleChoice><simpleChoice identifier="b">No</simpleChoice>
  </choiceInteraction></itemBody>
</assessmentItem>"""


def manifest(*hrefs: str, doctype: str = "") -> str:
    resources = "".join(f'<resource identifier="R{n}" type="imsqti_item_xmlv2p1" href="{h}"/>'
                        for n, h in enumerate(hrefs))
    return (f'<?xml version="1.0"?>{doctype}\n<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
            f'identifier="m"><organizations/><resources>{resources}</resources></manifest>')


def make_zip(path: Path, members: list[tuple[str, bytes | str]] | dict, *, mode: int | None = None,
             link: str | None = None) -> Path:
    items = list(members.items()) if isinstance(members, dict) else members
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (mode if mode is not None and name == link else 0o100644) << 16
            archive.writestr(info, data)
    return path


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n")
    return path


def run_import(tmp_path, capsys, source: Path, command: str = "import-qti"):
    out_dir = tmp_path / "out"
    out = out_dir / "pack.toml"
    before = set(tmp_path.rglob("*"))
    status = main([command, str(source), "-o", str(out)])
    captured = capsys.readouterr()
    after = set(tmp_path.rglob("*"))
    assert "Traceback" not in captured.err and "Traceback" not in captured.out
    assert SECRET not in captured.out + captured.err
    # Nothing but the output (and the folder made for it) may appear, and nothing at all when
    # the import fails.
    assert after - before <= {out_dir, out}, after - before
    if status != 0:
        assert after == before
    return status, out, captured


def assert_refused(status, out, captured, *words: str):
    assert status == 1, captured
    assert not out.exists()
    assert "nothing was written" in captured.err.lower() or "no question could be imported" in captured.err
    for word in words:
        assert word in captured.err, captured.err


# ----------------------------------------------------------------------------------------------
# Zip slip and other member names
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../evil.xml", "a/../../evil.xml", "/abs/evil.xml", "a\\..\\evil.xml",
                                  "C:/evil.xml"])
def test_a_member_whose_name_leaves_the_package_is_refused(tmp_path, capsys, name):
    source = make_zip(tmp_path / "slip.zip", {"imsmanifest.xml": manifest("items/q1.xml"),
                                              "items/q1.xml": GOOD_ITEM.format(prompt="Hi?"), name: "x"})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, str(source), "member")
    assert not (tmp_path / "evil.xml").exists()


@pytest.mark.parametrize("href", ["../secret.txt", "../../secret.txt", "/etc/passwd", "file:///etc/passwd",
                                  "http://127.0.0.1:9/x.xml", "items/../../secret.txt", "%2e%2e/secret.txt",
                                  "items/%2E%2E/%2e%2e/secret.txt"])
def test_a_manifest_naming_a_file_outside_the_package_never_reads_it(tmp_path, capsys, secret_file, href):
    source = make_zip(tmp_path / "p.zip", {"imsmanifest.xml": manifest(href)})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "imsmanifest.xml:")


def test_a_symbolic_link_member_is_refused(tmp_path, capsys, secret_file):
    source = make_zip(tmp_path / "link.zip", {"imsmanifest.xml": manifest("items/q1.xml"),
                                              "items/q1.xml": str(secret_file)},
                      mode=stat.S_IFLNK | 0o777, link="items/q1.xml")
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "is a link or a device")


def test_two_members_with_the_same_name_are_refused(tmp_path, capsys):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate we make on purpose
        source = make_zip(tmp_path / "dup.zip", [("imsmanifest.xml", manifest("q.xml")),
                                                 ("q.xml", GOOD_ITEM.format(prompt="One?")),
                                                 ("./q.xml", GOOD_ITEM.format(prompt="Two?"))])
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "two members are called")


def test_an_encrypted_member_is_refused(tmp_path, capsys):
    source = make_zip(tmp_path / "enc.zip", {"imsmanifest.xml": manifest("q.xml"), "q.xml": GOOD_ITEM.format(prompt="x")})
    data = bytearray(source.read_bytes())
    # Set the "encrypted" flag on every entry (local headers and the central directory).
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + offset] |= 0x1
            start += 4
    source.write_bytes(bytes(data))
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "encrypted")


def test_a_member_name_with_terminal_escapes_is_printed_without_them(tmp_path, capsys):
    source = make_zip(tmp_path / "esc.zip", {"imsmanifest.xml": manifest("q.xml"), "\x1b]0;pwned\x07/../x": "x"})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured)
    assert "\x1b" not in captured.err and "\x07" not in captured.err


# ----------------------------------------------------------------------------------------------
# Zip bombs and sizes
# ----------------------------------------------------------------------------------------------


def test_a_member_that_decompresses_past_the_limit_stops_there(tmp_path, capsys):
    big = b"<x>" + b" " * (interchange.MAX_MEMBER_BYTES + 10) + b"</x>"
    source = make_zip(tmp_path / "bomb.zip", {"imsmanifest.xml": manifest("q.xml"), "q.xml": big})
    assert source.stat().st_size < 100_000  # a real bomb: tiny on disk
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "too large")


def test_a_manifest_past_its_own_limit_stops_there(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(interchange, "MAX_MANIFEST_BYTES", 10_000)
    text = manifest("q.xml").replace("<organizations/>", "<organizations/>" + " " * 20_000)
    source = make_zip(tmp_path / "bomb.zip", {"imsmanifest.xml": text, "q.xml": GOOD_ITEM.format(prompt="x")})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "imsmanifest.xml' is too large")


def test_a_manifest_larger_than_an_item_may_be_imports(tmp_path, capsys):
    """A pack of 20,000 questions has a manifest of about 16 MB: more than an item may hold."""
    text = manifest("q.xml").replace("<organizations/>", "<organizations/>" + " " * (interchange.MAX_MEMBER_BYTES + 10))
    source = make_zip(tmp_path / "big.zip", {"imsmanifest.xml": text, "q.xml": GOOD_ITEM.format(prompt="Hi?")})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert status == 0, captured.err


def test_all_members_together_are_bounded_too(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(interchange, "MAX_TOTAL_BYTES", 20_000)
    items = {f"items/q{n}.xml": GOOD_ITEM.format(prompt="p" * 3000) for n in range(10)}
    source = make_zip(tmp_path / "many.zip", {"imsmanifest.xml": manifest(*items), **items})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "zip bomb")


def test_a_package_with_too_many_members_is_refused_before_reading_any(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(interchange, "MAX_ZIP_ENTRIES", 50)
    source = make_zip(tmp_path / "lots.zip", {f"m{n}.txt": "" for n in range(51)})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "51 members")


def test_a_package_file_larger_than_the_limit_is_not_read(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(interchange, "MAX_ZIP_BYTES", 1000)
    source = make_zip(tmp_path / "p.zip", {"imsmanifest.xml": manifest("q.xml"), "q.xml": NOISE + NOISE})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert status == 1 and not out.exists()
    assert "too large" in captured.err


# ----------------------------------------------------------------------------------------------
# XML attacks
# ----------------------------------------------------------------------------------------------

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>"""


def item_with_doctype(doctype: str, prompt: str) -> str:
    return GOOD_ITEM.format(prompt=prompt).replace('<?xml version="1.0" encoding="UTF-8"?>', doctype)


def test_billion_laughs_in_an_item_is_refused_without_expanding(tmp_path, capsys):
    source = make_zip(tmp_path / "lol.zip", {"imsmanifest.xml": manifest("q.xml"),
                                             "q.xml": item_with_doctype(LAUGHS, "&lol9;")})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "q.xml:2: error: the XML has a DOCTYPE")


def test_billion_laughs_in_the_manifest_is_refused(tmp_path, capsys):
    text = manifest("q.xml").replace('<?xml version="1.0"?>', LAUGHS)
    source = make_zip(tmp_path / "lol.zip", {"imsmanifest.xml": text, "q.xml": GOOD_ITEM.format(prompt="x")})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "imsmanifest.xml:2: error: the XML has a DOCTYPE")


def test_an_external_entity_never_reads_the_file(tmp_path, capsys, secret_file):
    doctype = f'<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY xxe SYSTEM "file://{secret_file}"> ]>'
    source = make_zip(tmp_path / "xxe.zip", {"imsmanifest.xml": manifest("q.xml"),
                                             "q.xml": item_with_doctype(doctype, "&xxe;")})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "DOCTYPE")


def test_an_external_dtd_is_never_fetched(tmp_path, capsys):
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    doctype = f'<?xml version="1.0"?>\n<!DOCTYPE assessmentItem SYSTEM "http://127.0.0.1:{port}/evil.dtd">'
    source = make_zip(tmp_path / "dtd.zip", {"imsmanifest.xml": manifest("q.xml"),
                                             "q.xml": item_with_doctype(doctype, "Hi?")})
    try:
        status, out, captured = run_import(tmp_path, capsys, source)
        with pytest.raises(socket.timeout):
            listener.accept()  # nobody connected
    finally:
        listener.close()
    assert_refused(status, out, captured, "DOCTYPE")


def test_an_entity_from_a_parameter_entity_is_refused(tmp_path, capsys, secret_file):
    doctype = (f'<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY % p SYSTEM "file://{secret_file}"> %p; ]>')
    source = make_zip(tmp_path / "pe.zip", {"imsmanifest.xml": manifest("q.xml"),
                                            "q.xml": item_with_doctype(doctype, "Hi?")})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured)


def test_xinclude_is_never_run(tmp_path, capsys, secret_file):
    prompt = (f'Hi <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{secret_file}" '
              'parse="text"/>there?')
    source = make_zip(tmp_path / "xi.zip", {"imsmanifest.xml": manifest("q.xml"), "q.xml": GOOD_ITEM.format(prompt=prompt)})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert status == 0, captured.err
    text = out.read_text(encoding="utf-8")
    assert SECRET not in text and 'prompt = "Hi there?"' in text


@pytest.mark.parametrize("depth", [300, 100_000])
def test_deeply_nested_xml_is_an_error_not_a_crash(tmp_path, capsys, depth):
    prompt = "<b>" * depth + "deep" + "</b>" * depth
    source = make_zip(tmp_path / "deep.zip", {"imsmanifest.xml": manifest("q.xml"), "q.xml": GOOD_ITEM.format(prompt=prompt)})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "q.xml:6: error: elements are nested too deeply")


def test_nesting_just_inside_the_parsers_limit_is_read_without_running_out_of_stack(tmp_path, capsys):
    prompt = "<b>" * 245 + "deep?" + "</b>" * 245
    source = make_zip(tmp_path / "deep.zip", {"imsmanifest.xml": manifest("q.xml"), "q.xml": GOOD_ITEM.format(prompt=prompt)})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert status == 0, captured.err
    assert 'prompt = "deep?"' in out.read_text(encoding="utf-8")


def test_a_processing_instruction_and_terminal_escapes_in_text_do_no_harm(tmp_path, capsys):
    prompt = "<?xml-stylesheet href='http://127.0.0.1:9/x.xsl'?>Red &#x1b;[31mtext&#x7; here?"
    source = make_zip(tmp_path / "pi.zip", {"imsmanifest.xml": manifest("q.xml"), "q.xml": GOOD_ITEM.format(prompt=prompt)})
    status, out, captured = run_import(tmp_path, capsys, source)
    # XML 1.0 does not allow ESC or BEL even as a character reference: it is not well-formed.
    assert_refused(status, out, captured, "not well-formed")


def test_text_that_is_not_utf8_is_an_error_with_a_line(tmp_path, capsys):
    data = GOOD_ITEM.format(prompt="caf\u00e9?").encode("utf-8").replace("é".encode(), b"\xe9")
    source = make_zip(tmp_path / "enc.zip", {"imsmanifest.xml": manifest("q.xml"), "q.xml": data})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "q.xml:6: error: this is not well-formed XML")


# ----------------------------------------------------------------------------------------------
# Files that are not zip packages at all
# ----------------------------------------------------------------------------------------------


NOISE = __import__("random").Random(18).randbytes(2000)  # the same on every run and worker


@pytest.mark.parametrize("data", [b"", b"not a zip", NOISE, b"PK\x03\x04" + NOISE[:200]],
                         ids=["empty", "text", "noise", "zip-header-then-noise"])
def test_a_file_that_is_not_a_zip_is_refused(tmp_path, capsys, data):
    source = tmp_path / "junk.zip"
    source.write_bytes(data)
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "not a zip package")


def test_a_truncated_zip_is_refused(tmp_path, capsys):
    source = make_zip(tmp_path / "t.zip", {"imsmanifest.xml": manifest("q.xml"), "q.xml": GOOD_ITEM.format(prompt="x")})
    source.write_bytes(source.read_bytes()[:-30])
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured)


def test_an_unknown_compression_method_is_an_error_not_a_crash(tmp_path, capsys):
    source = make_zip(tmp_path / "c.zip", {"imsmanifest.xml": manifest("q.xml")})
    data = bytearray(source.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = data.find(signature)
        data[start + offset] = 99
    source.write_bytes(bytes(data))
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "cannot be read")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_like_a_package_is_refused_without_waiting(tmp_path, capsys):
    source = tmp_path / "fifo.zip"
    os.mkfifo(source)
    status, out, captured = run_import(tmp_path, capsys, source)
    assert status == 1 and not out.exists()
    assert "not a regular file" in captured.err


def test_a_folder_named_like_a_package_is_refused(tmp_path, capsys):
    source = tmp_path / "folder.zip"
    source.mkdir()
    status, out, captured = run_import(tmp_path, capsys, source)
    assert status == 1 and "folder" in captured.err


# ----------------------------------------------------------------------------------------------
# Moodle XML files
# ----------------------------------------------------------------------------------------------

MOODLE_QUESTION = """<quiz>
  <question type="shortanswer">
    <name><text>q</text></name>
    <questiontext format="html"><text>{text}</text></questiontext>
    <answer fraction="100"><text>yes</text></answer>
  </question>
</quiz>"""


def moodle_file(tmp_path, text: str | bytes, name: str = "questions.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_moodle_xml_with_billion_laughs_is_refused(tmp_path, capsys):
    source = moodle_file(tmp_path, LAUGHS + MOODLE_QUESTION.format(text="&lol9;"))
    status, out, captured = run_import(tmp_path, capsys, source, "import-moodle-xml")
    assert_refused(status, out, captured, f"{source}:2: error: the XML has a DOCTYPE")


def test_moodle_xml_with_an_external_entity_never_reads_the_file(tmp_path, capsys, secret_file):
    doctype = f'<?xml version="1.0"?>\n<!DOCTYPE quiz [ <!ENTITY xxe SYSTEM "file://{secret_file}"> ]>\n'
    source = moodle_file(tmp_path, doctype + MOODLE_QUESTION.format(text="&xxe;"))
    status, out, captured = run_import(tmp_path, capsys, source, "import-moodle-xml")
    assert_refused(status, out, captured, "DOCTYPE")


def test_moodle_xml_in_utf16_with_a_doctype_is_refused_too(tmp_path, capsys, secret_file):
    doctype = f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE quiz [ <!ENTITY xxe SYSTEM "file://{secret_file}"> ]>\n'
    source = moodle_file(tmp_path, (doctype + MOODLE_QUESTION.format(text="&xxe;")).encode("utf-16"))
    status, out, captured = run_import(tmp_path, capsys, source, "import-moodle-xml")
    assert_refused(status, out, captured, "DOCTYPE")


def test_moodle_xml_with_html_entities_in_cdata_is_fine_and_nothing_is_fetched(tmp_path, capsys):
    text = '<![CDATA[<p>Caf&eacute; &amp; <img src="http://127.0.0.1:9/x.png"> bar?</p>]]>'
    source = moodle_file(tmp_path, MOODLE_QUESTION.format(text=text))
    status, out, captured = run_import(tmp_path, capsys, source, "import-moodle-xml")
    assert status == 0, captured.err
    assert 'prompt = "Café & bar?"' in out.read_text(encoding="utf-8")
    assert "the image or media 'http://127.0.0.1:9/x.png' is not kept" in captured.out


def test_moodle_xml_with_an_embedded_file_over_10_mb_says_so(tmp_path, capsys):
    text = MOODLE_QUESTION.format(text="Q?").replace(
        "</questiontext>", '<file name="big.png" encoding="base64">' + "A" * (11 * 1024 * 1024) + "</file></questiontext>")
    source = moodle_file(tmp_path, text)
    status, out, captured = run_import(tmp_path, capsys, source, "import-moodle-xml")
    assert_refused(status, out, captured, "is larger than 10 MB")


def test_moodle_xml_nested_without_end_is_an_error(tmp_path, capsys):
    source = moodle_file(tmp_path, "<quiz>" + "<question>" * 50_000)
    status, out, captured = run_import(tmp_path, capsys, source, "import-moodle-xml")
    assert_refused(status, out, captured, "nested too deeply")


def test_a_moodle_xml_file_larger_than_the_limit_is_not_read(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(interchange, "MAX_XML_BYTES", 100)
    source = moodle_file(tmp_path, MOODLE_QUESTION.format(text="x" * 200))
    status, out, captured = run_import(tmp_path, capsys, source, "import-moodle-xml")
    assert status == 1 and "too large" in captured.err and not out.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_like_moodle_xml_is_refused_without_waiting(tmp_path, capsys):
    source = tmp_path / "q.xml"
    os.mkfifo(source)
    status, out, captured = run_import(tmp_path, capsys, source, "import-moodle-xml")
    assert status == 1 and "not a regular file" in captured.err


def test_a_binary_file_named_like_moodle_xml_is_refused(tmp_path, capsys):
    source = moodle_file(tmp_path, NOISE)
    status, out, captured = run_import(tmp_path, capsys, source, "import-moodle-xml")
    assert_refused(status, out, captured, "error:")


def test_hostile_text_in_moodle_xml_is_kept_as_plain_text(tmp_path, capsys):
    text = "<![CDATA[<script>alert(1)</script>[@click=app.quit]Quit[/] &#27;[2J?]]>"
    source = moodle_file(tmp_path, MOODLE_QUESTION.format(text=text))
    status, out, captured = run_import(tmp_path, capsys, source, "import-moodle-xml")
    assert status == 0, captured.err
    prompt = tomllib_load(out)["questions"][0]["prompt"]
    assert "alert" not in prompt and "\x1b" not in prompt
    assert prompt == "[@click=app.quit]Quit[/] [2J?"


def tomllib_load(path: Path) -> dict:
    import tomllib

    return tomllib.loads(path.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------------------------
# Inputs that took quadratic time before (each would run for hours at the sizes the limits allow)
# ----------------------------------------------------------------------------------------------


def run_in_child(tmp_path, command: str, source: Path) -> subprocess.CompletedProcess:
    """Run an import in its own process, so a hang fails this test instead of stopping the
    suite. The bound is minutes, for a run that takes well under a second: it catches hangs, it
    does not measure speed."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run([sys.executable, "-m", "learnmeta", command, str(source), "-o", str(tmp_path / "o.toml")],
                          capture_output=True, text=True, timeout=300, env=env)


def test_a_prompt_of_a_million_spaces_and_a_line_break_imports(tmp_path):
    prompt = " " * 1_000_000 + "\n Why?"
    source = make_zip(tmp_path / "spaces.zip", {"imsmanifest.xml": manifest("q.xml"), "q.xml": GOOD_ITEM.format(prompt=prompt)})
    done = run_in_child(tmp_path, "import-qti", source)
    assert done.returncode == 0, done.stderr
    assert 'prompt = "Why?"' in (tmp_path / "o.toml").read_text(encoding="utf-8")


def test_moodle_text_of_many_unclosed_script_tags_imports(tmp_path):
    text = "<![CDATA[Why?" + "<script " * 200_000 + "]]>"
    source = moodle_file(tmp_path, MOODLE_QUESTION.format(text=text))
    done = run_in_child(tmp_path, "import-moodle-xml", source)
    assert done.returncode == 0, done.stderr
    assert 'prompt = "Why?"' in (tmp_path / "o.toml").read_text(encoding="utf-8")


def test_an_item_of_many_paragraphs_is_read_to_the_end(tmp_path):
    prompt = "<p>a</p>" * 300_000
    source = make_zip(tmp_path / "paragraphs.zip", {"imsmanifest.xml": manifest("q.xml"),
                                                    "q.xml": GOOD_ITEM.format(prompt=prompt)})
    done = run_in_child(tmp_path, "import-qti", source)
    assert done.returncode == 1
    assert "skipped 'Q1': learnmeta cannot use it: prompt: String should have at most 2000 characters" in done.stderr


# ----------------------------------------------------------------------------------------------
# More
# ----------------------------------------------------------------------------------------------


def test_an_href_that_is_not_an_address_is_an_error_not_a_crash(tmp_path, capsys):
    source = make_zip(tmp_path / "p.zip", {"imsmanifest.xml": manifest("http://[::1/x.xml")})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert_refused(status, out, captured, "is not a file inside the package")


def test_a_moodle_file_of_too_many_questions_is_refused_before_reading_them(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(interchange, "MAX_QUESTIONS", 3)
    body = MOODLE_QUESTION.format(text="Q?").replace("<quiz>", "").replace("</quiz>", "")
    source = moodle_file(tmp_path, "<quiz>" + body * 4 + "</quiz>")
    status, out, captured = run_import(tmp_path, capsys, source, "import-moodle-xml")
    assert_refused(status, out, captured, "the file has 4 questions; the most an import reads is 3")


def test_a_hostile_pool_is_narrowed_to_the_questions_imported(tmp_path, capsys):
    details = ('{"pack": {"id": "p", "title": "P", "description": "D", "version": "1", "authors": ["A"], '
               '"licence": "L", "sources": [{"title": "S"}], "reviewed": "2026-01-01", "pass_mark": 50, '
               '"draw": 500, "draw_by_tag": {"nope": 3}}}')
    text = ('<?xml version="1.0"?>\n<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m">'
            f'<metadata><lm:pack xmlns:lm="https://learnmeta.invalid/xmlns/qti-extension/1">{details}</lm:pack></metadata>'
            '<organizations/><resources><resource identifier="R" type="imsqti_item_xmlv2p1" href="q.xml"/></resources></manifest>')
    source = make_zip(tmp_path / "pool.zip", {"imsmanifest.xml": text, "q.xml": GOOD_ITEM.format(prompt="Q?")})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert status == 0, captured.err
    assert "the pool drew 500 questions, but 1 were imported: draw is left out" in captured.out
    assert "draw" not in out.read_text(encoding="utf-8")


def test_pack_details_that_are_not_valid_are_named_and_left_out(tmp_path, capsys):
    text = ('<?xml version="1.0"?>\n<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m">'
            '<metadata><lm:pack xmlns:lm="https://learnmeta.invalid/xmlns/qti-extension/1">'
            '{"pack": {"id": "../../etc", "evil": 1}}</lm:pack></metadata>'
            '<organizations/><resources><resource identifier="R" type="imsqti_item_xmlv2p1" href="q.xml"/></resources></manifest>')
    source = make_zip(tmp_path / "details.zip", {"imsmanifest.xml": text, "q.xml": GOOD_ITEM.format(prompt="Q?")})
    status, out, captured = run_import(tmp_path, capsys, source)
    assert status == 0, captured.err
    assert "imsmanifest.xml:2: question '(the pack)': the pack's details are not kept" in captured.out
    assert 'id = "details"' in out.read_text(encoding="utf-8") or 'id = "pack"' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("tag", ["<", "</", "<br", "< p"])
def test_moodle_text_of_a_tag_opened_then_many_spaces_imports(tmp_path, tag):
    # The patterns for <p> and <br> tried every split of the spaces between their two \s*:
    # 16,000 spaces took 11 s, 200,000 would take half an hour.
    text = "<![CDATA[<p>Why?</p>" + tag + " " * 200_000 + "x]]>"
    source = moodle_file(tmp_path, MOODLE_QUESTION.format(text=text))
    done = run_in_child(tmp_path, "import-moodle-xml", source)
    assert done.returncode in (0, 1), done.stderr
    assert "Why?" in done.stdout + done.stderr + ((tmp_path / "o.toml").read_text(encoding="utf-8")
                                                   if (tmp_path / "o.toml").exists() else "")
