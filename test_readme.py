"""Tests: README.md says what the code does, and its commands work as written."""
import ast
import doctest
import inspect
import os
import re
import subprocess
import sys

import pytest

import backprop
import demo
import matrix
from matrix import apply, hadamard, matmul, subtract, transpose

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

def section(title):
    """The README's section `## title`, up to the next `## ` heading."""
    return re.search(r"^## " + re.escape(title) + r"\n(.*?)(?=^## |\Z)", README,
                     re.DOTALL | re.MULTILINE).group(1)


ENGLISH = section("The algorithm, line by line") + section("One table for five notations")
CHINESE = section("快速上手") + section("记号与公式对照")


def cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_rows(text, first_cell):
    """The rows, as lists of cells, of the markdown tables in text whose first cell matches."""
    return [cells(line) for line in text.splitlines()
            if line.startswith("| ") and re.match(first_cell, line[2:])]


def table(text, header_start):
    """The rows below the header of the one table in text whose header starts so."""
    found = re.findall(r"^\| " + re.escape(header_start) + r".*\n\|[-|]+\|\n((?:\|.*\n)+)",
                       text, re.MULTILINE)
    assert len(found) == 1, header_start
    return [cells(line) for line in found[0].splitlines()]


def equation_rows(text):
    return table_rows(text, r"\([A-D]\) \|")


def backticked(cell):
    return re.findall(r"`([^`]+)`", cell)


def test_readme_quotes_backprop_py_character_for_character():
    # each line of backprop.py quoted in the equations tables is a line of backprop.py,
    # found by its text: whole (English) or without its comment (Chinese)
    stripped = [line.strip() for line in BACKPROP_LINES]
    english, chinese = equation_rows(ENGLISH), equation_rows(CHINESE)
    assert [row[0] for row in english] == [row[0] for row in chinese] == \
        ["(A)", "(A)", "(B)", "(C)", "(D)"]
    for row in english:
        assert backticked(row[-1])[0] in stripped, row[-1]
    code_parts = [line.split("  #")[0].strip() for line in stripped]
    for row in chinese:
        assert backticked(row[-1])[0] in code_parts, row[-1]
    # the loop shown whole is a run of consecutive lines of backprop.py
    block = re.search(r"<!-- quoted from backprop.py.*?-->\n```python\n(.*?)\n```",
                      README, re.DOTALL).group(1).splitlines()
    starts = [i for i, line in enumerate(BACKPROP_LINES) if line == block[0]]
    assert any(BACKPROP_LINES[i:i + len(block)] == block for i in starts), "the loop"
    # and any assignment quoted in the article sections is a piece of backprop.py
    assignments = [code for code in re.findall(r"`([^`\n]+)`", ENGLISH + CHINESE)
                   if " = " in code and "^" not in code]
    assert len(assignments) >= 10
    for code in assignments:
        assert code in BACKPROP_SOURCE, code


def test_five_steps_tables_point_at_lines_of_backprop_in_both_languages():
    # steps 1 to 5, each beside a line of backprop(), the same lines in English and Chinese
    body = [line.strip() for line in inspect.getsource(backprop.backprop).splitlines()]
    english, chinese = table(ENGLISH, "step | article 001 |"), table(CHINESE, "步骤 | 文章 001 |")
    assert [row[0] for row in english] == [row[0] for row in chinese] == list("12345")
    for e, c in zip(english, chinese):
        assert backticked(e[2]) == backticked(c[2])
        for code in backticked(e[2]):
            assert code in body, code


def test_line_numbers_the_readme_gives_are_where_the_text_is():
    # "line N: `text`" in the README, if any, is line N of backprop.py; no bare ranges
    for number, text in re.findall(r"line (\d+): `([^`]+)`", README):
        assert BACKPROP_LINES[int(number) - 1].strip() == text, f"line {number}"
    assert not re.search(r"backprop\.py,? lines? \d", README)


def test_readme_python_examples_run_and_print_what_they_say():
    # the README's >>> examples are doctests: they run and print exactly what is shown
    examples = [block for block in code_blocks(README, "python") if ">>>" in block]
    assert len(examples) >= 3
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


def test_every_test_the_readme_names_exists():
    names = set(re.findall(r"`(test_\w+)`", README))
    assert names
    sources = "".join(read_text(f) for f in os.listdir(HERE)
                      if f.startswith("test_") and f.endswith(".py"))
    for name in names:
        assert f"def {name}(" in sources, name


# The API tables

def test_api_table_gives_each_function_of_backprop_py_with_its_signature():
    # every public name of the API has a row, and each row is the name's real signature
    rows = table_rows(section("API"), "`")
    shown = {}
    for row in rows:
        for code in backticked(row[0]):
            shown[re.match(r"\w+", code).group()] = code
    for name in ("Network", "COSTS", "ACTIVATIONS", "OUTPUTS", "forward", "activate",
                 "softmax", "feedforward", "cost", "backprop", "backprop_batch",
                 "numerical_gradient", "train", "predict", "save", "load"):
        assert name in shown, name
    for module in (backprop, matrix):
        for name, code in shown.items():
            thing = getattr(module, name, None)
            if callable(thing) and "(" in code:
                assert signature_of(code) == signature_of(thing), code


def signature_of(thing):
    """(name, default) of each parameter, of a function or of a `name(args)` string."""
    if isinstance(thing, str):
        args = ast.parse(f"def {thing}: pass").body[0].args
        defaults = [None] * (len(args.args) - len(args.defaults)) + \
            [ast.literal_eval(d) for d in args.defaults]
        return [(arg.arg, d) for arg, d in zip(args.args, defaults)]
    return [(p.name, None if p.default is p.empty else p.default)
            for p in inspect.signature(thing).parameters.values()]


def test_api_table_lists_the_choices_backprop_py_offers():
    rows = {backticked(row[0])[0]: row[1] for row in table_rows(section("API"), "`")}
    assert f"`{backprop.COSTS}`".replace("'", '"') in rows["COSTS"]
    assert f"`{backprop.OUTPUTS}`".replace("'", '"') in rows["OUTPUTS"]
    assert re.findall(r'`"(\w+)"`', rows["ACTIVATIONS"]) == list(backprop.ACTIVATIONS)


def test_save_and_load_do_what_the_api_table_says(tmp_path):
    # same outputs to the last bit; a file that is not a network: ValueError naming the file
    net = backprop.Network([2, 3, 3], seed=2, activation="tanh", output="softmax")
    path = str(tmp_path / "net.json")
    backprop.save(net, path)
    assert backprop.predict(backprop.load(path), [0.3, -0.1]) == backprop.predict(net, [0.3, -0.1])
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"sizes": [2, 3, 3]}')
    with pytest.raises(ValueError, match=re.escape(path)):
        backprop.load(path)


def test_left_out_no_longer_lists_softmax_or_saving_which_are_in():
    left_out = section("Left out on purpose")
    assert callable(backprop.softmax) and callable(backprop.save) and callable(backprop.load)
    for phrase in ("softmax output", "saving", "loading"):
        assert phrase not in left_out, phrase


def test_a_cost_with_no_A_line_is_the_error_the_recipe_promises(monkeypatch):
    # the recipe: a cost added to COSTS and cost() only stops, naming the cost and (A)
    recipe = " ".join(section("Using these files in your course").split())
    assert "names the cost and the (A) line to add" in recipe
    monkeypatch.setattr(backprop, "COSTS", backprop.COSTS + ("hinge",))
    net = backprop.Network([2, 1], cost="hinge")
    for call in (lambda: backprop.backprop(net, [[1], [0]], [[1]]),
                 lambda: backprop.backprop_batch(net, [[1], [0]], [[1]])):
        with pytest.raises(ValueError) as error:
            call()
        assert "'hinge'" in str(error.value) and "(A)" in str(error.value)
        assert "step 3" in str(error.value)
    with pytest.raises(ValueError, match="'hinge'.*cost\\(\\)"):
        backprop.cost(net, [[1], [0]], [[1]])


def test_the_two_files_import_what_the_readme_says():
    # matrix.py: only operator, itertools and numbers; backprop.py: matrix and the standard library
    assert "`matrix.py` only `operator`, `itertools` and `numbers`" in README
    for name, allowed in (("matrix.py", {"operator", "itertools", "numbers"}),
                          ("backprop.py", {"copy", "json", "math", "numbers", "random", "sys",
                                           "matrix"})):
        tree = ast.parse(read_text(name))
        imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom)}
        assert imported <= allowed, name


# The articles' notation, exactly

NG_ONE = r"\b(z|a|dz|da|dW|db|x)(\^\[| = )"
NG_MANY = r"\b(Z|A|dZ|dA|X)(\^\[| = )"


def test_notation_tables_write_ng_one_example_in_lower_case():
    # the 004 column of each notation table (one example) has z^[l], a^[l], dz^[l], no capitals
    for text, header in ((ENGLISH, "code | meaning |"), (CHINESE, "代码 | 含义 |")):
        column = [row[5] for row in table(text, header)]
        assert len(column) >= 14
        assert not any(re.search(r"\b(Z|A|dZ|dA)\^\[", cell) for cell in column)
        assert {"z^[l−1]", "a^[l−1]", "dz^[l−1]", "dW^[l−1]", "db^[l−1]", "da^[l−1]"} <= set(column)


def test_ng_tables_put_lower_case_beside_backprop_and_capitals_beside_backprop_batch():
    # one example -> backprop's own names; m examples -> backprop_batch's own names
    one_names = set(re.findall(r"\b([a-z_]+)\[", inspect.getsource(backprop.backprop)))
    many_names = set(re.findall(r"\b([A-Za-z_]+)\[", inspect.getsource(backprop.backprop_batch)))
    for text, header in ((ENGLISH, "Ng, one example | `backprop` |"),
                         (CHINESE, "吴恩达，单个样本 | `backprop` |")):
        rows = table(text, header)
        assert len(rows) == 8
        for one, one_code, many, many_code in rows:
            assert re.search(NG_ONE, one) and not re.search(NG_MANY, one), one
            assert re.search(NG_MANY, many), many
            for code in backticked(one_code):
                assert re.match(r"\w+", code).group() in one_names, code
            for code in backticked(many_code):
                assert re.match(r"\w+", code).group() in many_names, code


def test_ng_da_is_named_as_the_transposed_product_inside_B():
    # da^[l] has no variable: it is matmul(transpose(w[l + 1]), delta[l + 1]) inside (B)
    inside = "matmul(transpose(w[l + 1]), delta[l + 1])"
    (line_B,) = [line for line in BACKPROP_LINES if line.rstrip().endswith("# (B)")]
    assert inside in line_B
    for text in (ENGLISH, CHINESE):
        (row,) = table_rows(text, re.escape(f"`{inside}`"))
        assert "da^[l−1]" in row


def test_readme_says_both_functions_finish_every_delta_before_any_gradient():
    # article 001's order: the loop of (B) ends before the loop of (C) and (D) begins
    assert "Both orders give the same numbers" in ENGLISH and "follow article 001" in ENGLISH
    assert "两种顺序得到的数完全相同" in CHINESE
    for function in (backprop.backprop, backprop.backprop_batch):
        lines = inspect.getsource(function).splitlines()
        last_B = max(i for i, line in enumerate(lines) if "# (B)" in line)
        first_C = min(i for i, line in enumerate(lines) if "# (C)" in line)
        assert any(line.strip() == "for l in range(2, L + 1):" for line in lines[last_B:first_C])


def ng_layer_by_layer(net, x, y):
    """Article 004's order: at each layer from the output down, dz, then dW and db, then da."""
    z, a = backprop.forward(net, x)
    nabla_w, nabla_b = {}, {}
    dz = subtract(a[net.L], y)                                    # cross-entropy output
    for l in range(net.L, 1, -1):
        nabla_w[l] = matmul(dz, transpose(a[l - 1]))               # dW = dz aᵀ
        nabla_b[l] = dz                                            # db = dz
        if l > 2:
            da = matmul(transpose(net.w[l]), dz)                   # da = Wᵀ dz
            dz = hadamard(da, apply(net.sigma_prime[l - 1], z[l - 1]))  # dz = da ⊙ g'(z)
    return nabla_w, nabla_b


def test_ng_layer_by_layer_order_gives_the_same_numbers_as_001_order():
    # the two orders the README compares give equal gradients, to the last bit
    for sizes, activation, output in (([3, 4, 4, 2], "tanh", "sigmoid"),
                                      ([2, 5, 3, 3], "relu", "softmax")):
        net = backprop.Network(sizes, seed=3, activation=activation, output=output)
        x = [[0.3], [-0.7], [0.9]][:sizes[0]]
        y = [[0.0]] * (sizes[-1] - 1) + [[1.0]]
        assert ng_layer_by_layer(net, x, y) == backprop.backprop(net, x, y)


def test_004s_inner_product_is_called_the_entry_by_entry_product_in_both_languages():
    for text in (ENGLISH, CHINESE):
        (bullet,) = [b for b in re.split(r"\n(?=- )", text) if "内积" in b]
        assert "⊙" in bullet and "hadamard" in bullet
        assert "not an inner product" in bullet or "不是内积" in bullet


def test_000s_equation_6_is_read_with_the_shapes_that_match():
    reading = "((w^l)ᵀ δ^(l+1)) ⊙ a^l(1 − a^l)"
    assert reading in ENGLISH and reading in CHINESE
    # literal order δ^(l+1) (w^l)ᵀ fails for sizes [2, 3, 2]; the reading is (B) with w^l = w[3]
    net = backprop.Network([2, 3, 2], seed=0)
    x, y = [[0.5], [0.2]], [[1.0], [0.0]]
    z, a = backprop.forward(net, x)
    delta_3 = subtract(a[3], y)
    with pytest.raises(ValueError):
        matmul(delta_3, transpose(net.w[3]))
    read = hadamard(matmul(transpose(net.w[3]), delta_3),
                    apply(lambda v: v * (1 - v), a[2]))
    assert max(abs(r[0] - d[0]) for r, d in zip(read, backprop.backprop(net, x, y)[1][2])) < 1e-15


def test_000s_claim_to_use_ngs_definitions_is_corrected_in_both_languages():
    for text, leaves, enters in ((ENGLISH, "*leaving* layer l", "*enters* layer l"),
                                 (CHINESE, "离开第 l 层", "进入第 l 层")):
        (bullet,) = [b for b in re.split(r"\n(?=- )", text) if "其定义和吴恩达的一样" in b]
        assert leaves in bullet and enters in bullet and "w[l+1]" in bullet


def test_cross_entropy_A_is_credited_to_000_not_to_001_or_BP1():
    for text in (ENGLISH, CHINESE):
        (row,) = [row for row in equation_rows(text) if "`delta[L] = subtract(a[L], y)" in row[-1]]
        cells = " | ".join(row[:-1])
        assert re.search(r"000( 的)? \(3\)", cells)
        assert "001" not in cells and "BP1" not in cells


def test_001s_entry_by_entry_equations_sit_beside_A_to_D():
    for text in (ENGLISH, CHINESE):
        rows = equation_rows(text)
        for row, number in zip([rows[0]] + rows[2:], ("(5)", "(9)", "(13)", "(17)")):
            assert number in row[2], (row[0], number)


def test_000s_4_1_is_our_nabla_w_of_l_plus_1_wherever_it_is_named():
    mentions = [m.end() for m in re.finditer(re.escape("(4_1)"), README)]
    assert len(mentions) >= 4
    for end in mentions:
        after = README[end:end + 80]
        assert re.search(r"nabla_w\[l ?\+ ?1\]", after), after
        assert not re.search(r"nabla_w\[l\]", after), after


def test_w_l_j_k_is_the_weight_from_neuron_k_of_layer_l_minus_1_to_neuron_j_of_layer_l():
    assert "`w[l][j][k]` is w^l_jk, the weight from neuron k of layer l−1 to" in ENGLISH
    assert "`w[l][j][k]` 就是 w^l_jk" in CHINESE
    # z^l_j = Σ_k w^l_jk a^(l-1)_k + b^l_j, with w^l_jk = w[l][j][k]
    net = backprop.Network([3, 4, 2], seed=5)
    z, a = backprop.forward(net, [[0.1], [-0.4], [0.8]])
    for l in (2, 3):
        for j in range(net.sizes[l - 1]):
            by_index = sum(net.w[l][j][k] * a[l - 1][k][0] for k in range(net.sizes[l - 2]))
            assert abs(by_index + net.b[l][j][0] - z[l][j][0]) < 1e-15


def test_003s_slip_delta_3_for_delta_4_has_a_note_in_both_languages():
    for text in (ENGLISH, CHINESE):
        # the slip quoted, and the equation that shows δ^4 is needed
        assert "计算出来δ^3" in text and "∂C/∂θ^3 = δ^4 ∂z^4/∂θ^3" in text


def test_chinese_section_has_the_same_notation_table_as_the_english_one():
    # the same rows, named by the same code, with the same articles' symbols for 001 to 004
    english = table(ENGLISH, "code | meaning |")
    chinese = table(CHINESE, "代码 | 含义 |")
    assert [backticked(row[0]) for row in english] == [backticked(row[0]) for row in chinese]
    assert len(english) >= 14
    for e, c in zip(english, chinese):
        symbols = r"[a-zA-Zδσθ]\^[\[(]?[a-zA-Z0-9_−+]*"
        assert re.findall(symbols, " ".join(e[2:6])) == re.findall(symbols, " ".join(c[2:6])), e[0]


def test_softmax_jacobian_contracted_with_grad_C_leaves_a_minus_y():
    # the README's J_kj = a_k ([k = j] − a_j), checked by central differences of softmax,
    # and Σ_k ∂C/∂a_k J_kj = a_j − y_j for C = −Σ_k y_k ln a_k with Σ_k y_k = 1
    why = section("Why δ^L is just a^L − y")
    assert "J_kj = ∂a_k/∂z_j = a_k ([k = j] − a_j)" in why and "J = diag(a) − a aᵀ" in why
    z, y, eps = [[0.3], [-1.2], [2.0], [0.1]], [0.0, 0.0, 1.0, 0.0], 1e-6
    a = [v for (v,) in backprop.softmax(z)]
    n = len(a)
    J = [[a[k] * ((k == j) - a[j]) for j in range(n)] for k in range(n)]
    for j in range(n):
        up = [[v + eps * (i == j)] for i, (v,) in enumerate(z)]
        down = [[v - eps * (i == j)] for i, (v,) in enumerate(z)]
        for k, (p, m) in enumerate(zip(backprop.softmax(up), backprop.softmax(down))):
            assert abs((p[0] - m[0]) / (2 * eps) - J[k][j]) < 1e-8
    grad_C = [-y[k] / a[k] for k in range(n)]
    delta = [sum(grad_C[k] * J[k][j] for k in range(n)) for j in range(n)]
    assert max(abs(delta[j] - (a[j] - y[j])) for j in range(n)) < 1e-12
