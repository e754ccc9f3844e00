"""Tests: README.md says what the code does, and its commands work as written."""
import doctest
import os
import re
import subprocess
import sys

import backprop
import demo

HERE = os.path.dirname(os.path.abspath(__file__))


def read_text(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.read()


README = read_text("README.md")
BACKPROP_SOURCE = read_text("backprop.py")
BACKPROP_LINES = BACKPROP_SOURCE.splitlines()


def code_blocks(text, language=""):
    """The bodies of the text's fenced code blocks that open with ```language."""
    return re.findall(r"^```" + language + r"\n(.*?)^```$", text, re.DOTALL | re.MULTILINE)


def lines_but_timing(out):
    return [line for line in out.splitlines() if "trained in" not in line]


# The two commands, on a machine with nothing but python3

POSIX, WINDOWS = code_blocks(README)[:2]
DEMO_COMMAND, TEST_COMMAND = POSIX.splitlines()


def test_readme_opens_with_two_commands_that_use_python3_and_a_venv_for_pytest():
    # `python` and a bare `pip install` fail on stock Debian 12; python3 and a venv work
    assert POSIX.splitlines() == [
        "python3 demo.py",
        "python3 -m venv .venv && .venv/bin/python -m pip install -q pytest"
        " && .venv/bin/python -m pytest"]


def test_windows_line_spells_the_same_two_commands():
    # the Windows block is the first block with py for python3 and .venv\Scripts for .venv/bin
    translated = POSIX.replace("python3", "py").replace(".venv/bin/", ".venv\\Scripts\\")
    assert WINDOWS == translated


def test_no_command_in_the_readme_starts_with_python_or_pip():
    # every command a reader can copy names python3 (or py, or the venv's python)
    commands = re.findall(r"`((?:python|pip)[0-9.]*) ", README)
    commands += [line.split()[0] for block in code_blocks(README) for line in block.splitlines()
                 if line.startswith(("python", "pip"))]
    assert commands and set(commands) == {"python3"}


def test_chinese_section_gives_the_same_commands():
    # the reader who starts in the Chinese section pastes the very same lines
    assert f"```\n{POSIX}```" in CHINESE and f"```\n{WINDOWS}```" in CHINESE


def test_ci_runs_the_readme_test_command_verbatim():
    # .ci/run's one command is the README's second command, character for character
    commands = [line for line in read_text(".ci/run").splitlines()
                if line and not line.startswith(("#", "set ", "cd "))]
    assert commands == [TEST_COMMAND]


def test_the_venv_stays_out_of_git():
    assert ".venv/" in read_text(".gitignore").splitlines()


def test_doctest_line_for_a_reader_without_pip_passes_silently():
    # `python3 -m doctest matrix.py backprop.py` exits 0 and prints nothing when all hold
    command = "python3 -m doctest matrix.py backprop.py"
    assert f"`{command}`" in README
    done = subprocess.run([sys.executable, *command.split()[1:]], cwd=HERE,
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


# Quotes of backprop.py, examples and output

def test_readme_quotes_backprop_py_character_for_character():
    # each line of backprop.py quoted in the equations table is a line of backprop.py
    quoted = re.findall(r"^\| \(([A-D])\) \|.*\| `([^`]+)` \|$", README, re.MULTILINE)
    assert [tag for tag, line in quoted] == ["A", "A", "B", "C", "D"]
    stripped = [line.strip() for line in BACKPROP_LINES]
    for tag, line in quoted:
        assert line in stripped, line
    # the loop shown whole is a run of consecutive lines of backprop.py
    block = re.search(r"<!-- quoted from backprop.py.*?-->\n```python\n(.*?)\n```",
                      README, re.DOTALL).group(1).splitlines()
    starts = [i for i, line in enumerate(BACKPROP_LINES) if line == block[0]]
    assert any(BACKPROP_LINES[i:i + len(block)] == block for i in starts)
    # and any assignment quoted in the article sections is a piece of backprop.py
    assignments = [code for code in re.findall(r"`([^`\n]+)`", ARTICLE_SECTIONS)
                   if " = " in code and "^" not in code]
    assert len(assignments) >= 8
    for code in assignments:
        assert code in BACKPROP_SOURCE, code


def test_line_numbers_the_readme_gives_are_where_the_text_is():
    # "line N: `text`" in the README, if any, is line N of backprop.py
    for number, text in re.findall(r"line (\d+): `([^`]+)`", README):
        assert BACKPROP_LINES[int(number) - 1].strip() == text, f"line {number}"
    for first, last in re.findall(r"backprop\.py lines (\d+)-(\d+)", README):
        assert False, f"lines {first}-{last} are pinned without their text"


def test_readme_python_examples_run_and_print_what_they_say():
    # the README's >>> examples are doctests: they run and print exactly what is shown
    examples = [block for block in code_blocks(README, "python") if ">>>" in block]
    assert len(examples) >= 2
    for i, block in enumerate(examples):
        test = doctest.DocTestParser().get_doctest(block, {}, f"README example {i + 1}",
                                                   "README.md", 0)
        runner = doctest.DocTestRunner()
        runner.run(test)
        assert runner.failures == 0 and runner.tries > 0


def test_readme_demo_output_is_what_demo_prints_today(capsys):
    # the output shown in the README is the output of python3 demo.py, but for the time
    shown = re.search(r"<!-- demo output.*?-->\n```text\n(.*?)\n```", README, re.DOTALL).group(1)
    assert demo.main([]) == 0
    printed = capsys.readouterr().out
    assert lines_but_timing(shown) == lines_but_timing(printed)


def section(title):
    """The README's section `## title`, up to the next `## ` heading."""
    return re.search(r"^## " + re.escape(title) + r"\n(.*?)(?=^## |\Z)", README,
                     re.DOTALL | re.MULTILINE).group(1)


CHINESE = README[README.index("\n## 快速上手\n"):]
ARTICLE_SECTIONS = README[README.index("\n## The algorithm"):README.index("\n## How the code")]
