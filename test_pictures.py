"""Tests of pictures.py: each picture is read back as XML (or as TikZ text); nothing is compiled."""
import math
import xml.etree.ElementTree as ET

import pytest

import backprop
import pictures

SVG = "{http://www.w3.org/2000/svg}"
X, Y = [[0.05], [0.10]], [[0.01], [0.99]]

def mazur():
    """Mazur's 2-2-2 network: w1..w8 = 0.15, 0.20, ..., 0.55, b1 = 0.35, b2 = 0.60."""
    net = backprop.Network([2, 2, 2], cost="quadratic")
    net.w = {2: [[0.15, 0.20], [0.25, 0.30]], 3: [[0.40, 0.45], [0.50, 0.55]]}
    net.b = {2: [[0.35], [0.35]], 3: [[0.60], [0.60]]}
    return net

def traced(net, x, y):
    """(a, z, delta) for the example, δ^l being ∂C/∂b^l by (D)."""
    z, a = backprop.forward(net, x)
    return a, z, backprop.backprop(net, x, y)[1]

def labels(svg):
    """The picture's labels that carry an id, as {id: text}."""
    return {t.get("id"): t.text for t in ET.fromstring(svg).iter(SVG + "text") if t.get("id")}

def test_mazur_network_shows_all_his_numbers_to_9_decimals_under_numbered_layers():
    # w1..w8, b1, b2, the hidden and output activations appear; layers read "layer l (Ng [l-1])".
    svg = pictures.network_svg(mazur(), *traced(mazur(), X, Y), digits=9)
    found = labels(svg)
    weights = [found[f"w{l}_{j}_{k}"] for l in (2, 3) for j in (1, 2) for k in (1, 2)]
    assert weights == [f"{w:.9f}" for w in (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55)]
    neurons = ["a1_1", "a1_2", "b2_1", "b2_2", "b3_1", "b3_2", "a2_1", "a2_2", "a3_1", "a3_2"]
    assert [found[i].split("= ")[1] for i in neurons] == [
        "0.050000000", "0.100000000", "0.350000000", "0.350000000", "0.600000000", "0.600000000",
        "0.593269992", "0.596884378", "0.751365070", "0.772928465"]
    assert all(f"layer {l} (Ng [{l - 1}])" in svg for l in (1, 2, 3))
    net = mazur()
    net.w[2][0][0] = -0.00001  # as in the handout, a value that rounds to 0 shows no minus sign
    assert labels(pictures.network_svg(net))["w2_1_1"] == "0.0000"

@pytest.mark.parametrize("sizes", [[2, 2, 2], [3, 4, 2], [2, 6, 5, 3]], ids=str)
def test_neuron_labels_are_forward_and_backprop_values_to_digits(sizes):
    # Each a^l_j, z^l_j and δ^l_j label is the value forward and backprop give, to 5 decimals.
    net = backprop.Network(sizes, seed=1)
    x, y = [[0.3 * k - 0.4] for k in range(sizes[0])], [[1]] + [[0]] * (sizes[-1] - 1)
    a, z, delta = traced(net, x, y)
    found = labels(pictures.network_svg(net, a, z, delta, digits=5))
    for l in range(2, net.L + 1):
        for j in range(sizes[l - 1]):
            for name, v in (("a", a), ("z", z), ("d", delta), ("b", net.b)):
                shown = float(found[f"{name}{l}_{j + 1}"].split("= ")[1])
                assert shown == pytest.approx(v[l][j][0], abs=5e-6)

@pytest.mark.parametrize("sizes", [[2, 4, 1], [2, 16, 16, 1]], ids=str)
def test_one_circle_per_neuron_and_one_arrow_per_weight_in_a_group_per_layer(sizes):
    # Layer l is the group layer<l>: its n_l circles and the n_l x n_(l-1) arrows into it; a
    # 2-4-1 network with every value is a well-formed SVG under 20 KB.
    net = backprop.Network(sizes, seed=0)
    svg = pictures.network_svg(net, *traced(net, [[1], [0]], [[1]]))
    root = ET.fromstring(svg)
    assert len(svg.encode()) < 20_000 or sizes[1] > 6
    assert all(root.get(key) for key in ("width", "height", "viewBox"))
    for l in range(1, len(sizes) + 1):
        layer = root.find(f"{SVG}g[@id='layer{l}']")
        assert len(layer.findall(SVG + "circle")) == sizes[l - 1]
        assert len(layer.findall(SVG + "line")) == (sizes[l - 1] * sizes[l - 2] if l > 1 else 0)

@pytest.mark.parametrize("net", [mazur(), backprop.Network([3, 6, 6, 2], seed=2)],
                         ids=["mazur", "3-6-6-2"])
def test_weight_labels_between_two_layers_do_not_overlap(net):
    # No two weight labels share room: they are a label's width apart, or a line apart.
    root = ET.fromstring(pictures.network_svg(net, digits=9))
    spots = [(float(t.get("x")), float(t.get("y")), len(t.text)) for t in root.iter(SVG + "text")
             if t.get("id", "").startswith("w")]
    for i, (x1, y1, n1) in enumerate(spots):
        for x2, y2, n2 in spots[i + 1:]:
            assert abs(x1 - x2) > 0.3 * 15 * (n1 + n2) or abs(y1 - y2) >= 1.2 * 15

def test_worksheet_keeps_x_w_b_and_leaves_a_z_delta_as_boxes():
    # blank=True: x, every w and b stay; each computed a^l (l >= 2), z^l, δ^l is an empty box.
    svg = pictures.network_svg(mazur(), *traced(mazur(), X, Y), digits=9, blank=True)
    assert {i for i in labels(svg) if i[0] in "azd"} == {"a1_1", "a1_2"}  # x is a^1
    assert {"w2_1_1", "w3_2_2", "b2_1", "b3_2"} <= set(labels(svg))
    assert "0.593269992" not in svg and "0.150000000" in svg
    assert len(ET.fromstring(svg).findall(f"{SVG}g/{SVG}rect[@stroke]")) == 3 * (2 + 2)  # boxes

def test_large_network_says_so_and_shows_weights_by_colour_and_width_without_numbers():
    # A layer of more than 6 units: no weight labels; colour is the sign, width the size.
    net = backprop.Network([2, 16, 16, 1], seed=0)
    root = ET.fromstring(pictures.network_svg(net, *traced(net, X, [[1]])))
    assert not [t for t in root.iter(SVG + "text") if t.get("id")]
    assert "More than 6 units in a layer" in " ".join(t.text for t in root.iter(SVG + "text"))
    lines, weights = list(root.iter(SVG + "line")), [w for row in net.w[2] for w in row]
    signs = {(w < 0, line.get("stroke")) for line, w in zip(lines, weights)}  # layer 2 comes first
    assert signs == {(True, pictures.NEGATIVE), (False, pictures.POSITIVE)}
    assert len({line.get("stroke-width") for line in lines}) > 10

def test_tikz_holds_the_same_numbers_with_balanced_environments_and_braces():
    # The TikZ of Mazur's network has the SVG's numbers; every \begin has its \end.
    tikz = pictures.network_tikz(mazur(), *traced(mazur(), X, Y), digits=9)
    svg = pictures.network_svg(mazur(), *traced(mazur(), X, Y), digits=9)
    assert all(text.split("= ")[-1] in tikz for text in labels(svg).values())
    for env in ("tikzpicture", "scope"):
        assert tikz.count(rf"\begin{{{env}}}") == tikz.count(rf"\end{{{env}}}") > 0
    assert tikz.count("{") == tikz.count("}") and tikz.startswith(r"\begin{tikzpicture}")
    blank = pictures.network_tikz(mazur(), *traced(mazur(), X, Y), digits=9, blank=True)
    assert "0.593269992" not in blank and "0.150000000" in blank

def spiral3(n=300):
    """n points (x1, x2, arm) on three interleaved spiral arms."""
    for i in range(n):
        r, arm = 0.1 + 0.9 * (i // 3) / (n // 3), i % 3
        t = 3 * math.pi * r + 2 * math.pi * arm / 3
        yield r * math.cos(t), r * math.sin(t), arm

def sector(x1, x2):
    """A stand-in network: the class is the third of the plane the angle falls in."""
    return int((math.atan2(x2, x1) + math.pi) / (2 * math.pi / 3)) % 3

def test_map_marks_wrong_points_and_gives_each_class_one_colour():
    # Every misclassified point has a ring; each class has one colour; names are escaped.
    grid = [[[0.8 if c == sector(-1 + (i + 0.5) / 20, 1 - (r + 0.5) / 20) else 0.1
              for c in range(3)] for i in range(40)] for r in range(40)]  # 40 x 40 cells of the box
    points = [(x1, x2, k, i % 5 == 0, k != sector(x1, x2))
              for i, (x1, x2, k) in enumerate(spiral3())]
    root = ET.fromstring(pictures.map_svg(grid, (-1, 1, -1, 1), points, ["A", "B <1>", "C & D"]))
    groups = {g.get("id"): g for g in root.iter(SVG + "g")}
    assert len(groups["wrong"]) == sum(p[4] for p in points) > 0
    assert len(groups["test"]) == 60 and len(groups["train"]) == 240
    in_order = [p for p in points if not p[3]] + [p for p in points if p[3]]
    colours = {(p[2], m.get("fill")) for p, m in zip(in_order, [*groups["train"], *groups["test"]])}
    assert len(colours) == 3 and len({fill for k, fill in colours}) == 3
    assert {"B <1>", "C & D", "x₁", "x₂", "-1", "1"} <= {t.text for t in root.iter(SVG + "text")}

def test_map_draws_one_rect_per_run_of_a_colour_in_a_row():
    # A grid where the network is equally sure everywhere is one rect per row.
    root = ET.fromstring(pictures.map_svg([[[0.9]] * 50] * 30, (0, 1, 0, 1), [], ["0", "1"]))
    assert len(root.find(f"{SVG}g[@id='regions']")) == 30

def test_cost_plot_has_labelled_axes_and_a_point_per_epoch():
    # "epoch" and "mean cost C" label the axes; the line has one point per epoch.
    costs = [1 / (e + 1) for e in range(100)]
    root = ET.fromstring(pictures.cost_svg(costs))
    assert {"epoch", "mean cost C", "100"} <= {t.text for t in root.iter(SVG + "text")}
    assert len(next(root.iter(SVG + "polyline")).get("points").split()) == 100
