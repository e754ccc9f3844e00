"""Tests: the README, its Chinese counterpart and docs/ say what the code does today.

Code they quote is found in the code by its text; output they show is what the
command above it prints; their links lead to files.  Prose is not pinned.
"""
import doctest
import glob
import os
import re
import shlex

import pytest

import demo
import exercise
import handout

HERE = os.path.dirname(os.path.abspath(__file__))
PAGES = ["README.md", "README.zh.md"] + sorted(os.path.relpath(p, HERE) for p in glob.glob(os.path.join(HERE, "docs", "*.md")))

def read(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.read()

CODE = {name: read(name) for name in ("backprop.py", "matrix.py", "datasets.py", "demo.py", "handout.py")}

def test_readme_begins_with_the_two_commands_ci_runs_and_links_its_other_language():
    # the first code block is python3 demo.py and the test command that .ci/run runs
    english, chinese = read("README.md"), read("README.zh.md")
    commands = re.search(r"```\n(.*?)```", english, re.S).group(1).splitlines()
    assert commands[0] == "python3 demo.py" and commands[1] in read(".ci/run")
    assert re.search(r"```\n(.*?)```", chinese, re.S).group(1).splitlines() == commands
    assert "(README.zh.md)" in english.split("\n## ")[0] and "(README.md)" in chinese.split("\n## ")[0]

def test_the_chinese_readme_has_every_section_table_row_and_quote_of_the_english_one():
    # section by section: as many sections and table rows, and every quote of code
    english, chinese = read("README.md"), read("README.zh.md")
    assert english.count("\n## ") == chinese.count("\n## ")
    assert [len(re.findall(r"^\|", part, re.M)) for part in english.split("\n## ")] == \
           [len(re.findall(r"^\|", part, re.M)) for part in chinese.split("\n## ")]
    assert set(re.findall(r"`([^`\n]+)`", english)) <= set(re.findall(r"`([^`\n]+)`", chinese))

@pytest.mark.parametrize("page", PAGES)
def test_every_line_of_code_a_page_quotes_stands_in_the_code(page):
    # a quoted assignment to a layer's entry, a loop over l or a test of the cost is found,
    # character for character, in a line of the project's code
    statement = r"\w+\[[^\]]+\] = .+|for l in .+:|if net\.cost == .+:"
    quoted = [q for q in re.findall(r"`([^`\n]+)`", read(page)) if re.fullmatch(statement, q)]
    lines = [line.strip() for text in CODE.values() for line in text.splitlines()]
    assert quoted or page.startswith("docs/") and "notation" not in page and "derivation" not in page
    for quote in quoted:
        assert any(line.startswith(quote) for line in lines), (page, quote)

@pytest.mark.parametrize("page", ["README.md", "README.zh.md"])
def test_the_line_numbers_in_the_readme_tables_are_those_of_backprop_py(page):
    # each row "| ... | 91 | `code` |" names the line of backprop.py that holds code
    lines = CODE["backprop.py"].splitlines()
    rows = re.findall(r"\| (\d+) \| `([^`]+)`", read(page))
    assert len(rows) == 10
    for number, code in rows:
        assert code in lines[int(number) - 1], (number, code)

def blocks(page):
    """(command, shown text) for each output block a page marks with <!-- ... output: CMD -->."""
    return re.findall(r"<!-- [\w -]*: (python3 (?:demo|handout)\.py[^>]*?) -->\n```\w*\n(.*?)\n```",
                      read(page), re.S)

@pytest.mark.parametrize("page", [p for p in PAGES if blocks(p)])
def test_every_output_a_page_shows_is_what_its_command_prints(page, capsys):
    # the text between "..." lines of each marked block is a run of lines of the output
    for command, shown in blocks(page):
        words = shlex.split(command)
        main = {"demo.py": demo.main, "handout.py": handout.main}[words[1]]
        try:
            main(words[2:])
        except SystemExit:  # -h
            pass
        out = capsys.readouterr().out
        for chunk in shown.split("\n...\n"):
            assert "\n" + chunk + "\n" in "\n" + out + "\n", (command, chunk)

@pytest.mark.parametrize("page", PAGES)
def test_every_link_of_a_page_leads_to_a_file(page):
    # relative links, to pages and pictures
    for target in re.findall(r"\]\(([^)#\s]+)\)", read(page)):
        if "://" not in target:
            assert os.path.exists(os.path.join(HERE, os.path.dirname(page), target)), (page, target)

def test_the_picture_the_readme_shows_is_what_handout_draws_today(tmp_path, capsys):
    # docs/mazur.svg is written again by the command docs/handouts.md gives for it
    handout.main(["--weights", os.path.join(HERE, "examples", "mazur.json"), "--x", "0.05,0.10",
                  "--y", "0.01,0.99", "--svg", str(tmp_path / "mazur.svg")])
    capsys.readouterr()
    assert (tmp_path / "mazur.svg").read_text() == read("docs/mazur.svg")

def test_the_sessions_in_docs_run_as_shown():
    # the >>> examples of docs/api.md, run by doctest
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    sessions = "\n\n".join(re.findall(r"```python\n(.*?)```", read("docs/api.md"), re.S))
    test = parser.get_doctest(sessions, {}, "docs/api.md", "docs/api.md", 0)
    assert len(test.examples) >= 8 and runner.run(test).failed == 0

@pytest.mark.parametrize("page", PAGES)
def test_every_command_a_page_shows_is_one_the_scripts_accept(page):
    # each python3 demo.py / handout.py line parses (the runs themselves are above)
    for line in re.findall(r"^python3 (demo|handout)\.py([^\n>]*)", read(page), re.M):
        name, options = line
        args = shlex.split(options.split("#")[0])
        if name == "demo" and "--trace" not in args:
            demo.parse_args(args)
        else:
            handout.parse_args([a for a in args if a != "--trace"], "handout.py")

def test_the_exercise_run_docs_exercises_shows_is_what_check_prints(tmp_path):
    # the student's (B) and (C) lines shown, the project's own (A) and (D): check's verdicts as shown
    page = read("docs/exercises.md")
    mine = re.search(r"<!-- exercise: .*?-->\n```python\n(.*?)\n```", page, re.S).group(1).splitlines()
    shown = re.search(r"<!-- exercise output: .*?-->\n```text\n(.*?)\n```", page, re.S).group(1)
    theirs = {line.strip()[-2]: line.strip() for line in mine}
    own = [line.strip() for line in CODE["backprop.py"].split("def backprop(")[1].split("def ")[0].splitlines()
           if re.search(r"# \([A-D]\)", line)]
    lines = []
    for line in exercise.make_exercise("ABCD", "single").splitlines():
        blank = re.match(r'^( +)\S.* = not_written_yet\("\((.)\)"\)', line)
        if blank:
            tag = blank.group(2)
            line = blank.group(1) + (theirs.get(tag) or own.pop(next(i for i, o in enumerate(own) if f"({tag})" in o)))
        lines.append(line)
    (tmp_path / "my_backprop.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = type("Args", (), {"file": str(tmp_path / "my_backprop.py"), "time_limit": 1})
    assert "\n".join(exercise.check(args, here=True)[0]) == shown

@pytest.mark.parametrize("page", ["README.md", "README.zh.md"])
def test_the_pack_output_the_readme_shows_is_what_pack_prints(page, tmp_path, monkeypatch, capsys):
    # python3 exercise.py pack class-pack, run in an empty folder
    shown = re.search(r"<!-- pack output: .*?-->\n```\n\$ (.*?)\n(.*?)\n```", read(page), re.S)
    monkeypatch.chdir(tmp_path)
    assert exercise.main(shlex.split(shown.group(1))[2:]) == 0
    assert capsys.readouterr().out.rstrip("\n") == shown.group(2)
