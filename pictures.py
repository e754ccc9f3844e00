"""Pictures for slides and handouts, written as text: SVG, and TikZ for LaTeX.

    network_svg(net, a, z, delta)        the network: w^l_jk on each arrow, and
    network_tikz(net, a, z, delta)       b^l_j, z^l_j, a^l_j, δ^l_j at each neuron
    map_svg(grid, box, points, classes)  the decision regions, the data on top
    cost_svg(costs)                      the mean cost C per epoch

Each function takes numbers and returns a string; nothing here imports the
rest of the project, so the file can be copied on its own.  Layers are
numbered as in article 001 (layer 1 is the input), with Andrew Ng's number
for the same layer, l - 1, beside it.  Every label is a text element and
every layer a group, so that a teacher can edit a picture by hand.
"""
import math
import textwrap
from itertools import groupby
from xml.sax.saxutils import escape

# Okabe-Ito colours: readers with red-green colour blindness tell them apart
BLUE, ORANGE, GREEN, VERMILLION = "#0072B2", "#E69F00", "#009E73", "#D55E00"
PURPLE, SKY, YELLOW = "#CC79A7", "#56B4E9", "#F0E442"
INK, GREY, WHITE = "#222222", "#777777", "#FFFFFF"
GIVEN, FORWARD, BACKWARD = INK, BLUE, VERMILLION  # x, w, b | z, a | δ: where a number comes from
POSITIVE, NEGATIVE = BLUE, ORANGE           # a weight's sign, as TensorFlow Playground shows it
CLASS_COLOURS = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, YELLOW)
FONT = 15        # px at the picture's natural size: readable on a slide
MAX_UNITS = 6    # with more units in a layer the numbers no longer fit
FAMILY = "DejaVu Sans, Helvetica, Arial, sans-serif"
SYMBOLS = (("z", "z"), ("a", "a"), ("δ", r"\delta"))  # (SVG, TeX) in the order they are computed

def network_svg(net, a=None, z=None, delta=None, digits=4, blank=False):
    """The network as an SVG document: layers of circles, arrows with their weights.

    net has sizes, L, and w[l], b[l] keyed by l = 2..L; a, z and delta are
    dicts of columns keyed by l (a[1] is x), or None to leave them out.
    Numbers show digits decimals.  blank=True makes a worksheet: x, w and b
    stay, and each computed a^l (l >= 2), z^l and δ^l is an empty box.
    """
    return _svg(*_network(net, a, z, delta, digits, blank))

def network_tikz(net, a=None, z=None, delta=None, digits=4, blank=False):
    r"""The picture of network_svg as a tikzpicture, for a document with \usepackage{tikz}.

    Wider than \linewidth, it shrinks to fit, text and lines alike.
    """
    width, height, groups = _network(net, a, z, delta, digits, blank)
    out = [r"\begin{tikzpicture}[x=1pt, y=-1pt]",  # a px of the SVG is a pt, y downwards as in SVG
           rf"\pgfmathsetmacro{{\picturescale}}{{min(1, \linewidth/{width:.0f})}}",
           r"\begin{scope}[scale=\picturescale,"
           r" every node/.style={transform shape, inner sep=1pt}]"]
    out += [rf"\definecolor{{c{c[1:]}}}{{HTML}}{{{c[1:]}}}"
            for c in sorted({INK, GREY, WHITE, FORWARD, BACKWARD, POSITIVE, NEGATIVE})]
    for name, items in groups.items():
        out += [rf"\begin{{scope}} % {name}"] + [_tikz(*item) for item in items] + [r"\end{scope}"]
    return "\n".join(out + [r"\end{scope}", r"\end{tikzpicture}"]) + "\n"

def _network(net, a, z, delta, digits, blank):
    """The drawing both formats share: (width, height, {group id: [item, ...]})."""
    sizes, L, line, wide = net.sizes, net.L, FONT * 1.3, "-0." + "0" * digits  # widest number
    small = max(sizes) <= MAX_UNITS
    given = [(s, t, v) for (s, t), v in zip(SYMBOLS, (z, a, delta)) if v is not None]
    pairs = [min(p, q) for p, q in zip(sizes, sizes[1:])]  # the fewer units of two neighbours
    if small:
        inside = math.hypot(_width("δ = " + wide) / 2 + 4, line * len(given) / 2) if given else 0
        r = max(22, inside)  # room for the values, or a plain circle
        label = _width(wide) + 8
        # a weight stands 1/(m+1) of the way along its arrow from the layer with more units, m
        # being the fewer: there the labels come in order, gap/(m+1) apart, and no two meet
        gap = max(2 * r + 2.4 * line, (max(pairs) + 1) * (FONT + 9))
        reach = max(r, _width("b = " + wide) / 2) + label / 2 + 14  # clear of circle, b and head
        steps = [max(2 * r + 2 * label, (m + 1) * reach) for m in pairs]
    else:
        r, gap, steps = 9, 26, [220] * (L - 1)
    left = max(r, _width("layer 9 (Ng [8])", FONT + 1) / 2, _width("b = " + wide) / 2) + 16
    mid = 24 + 2 * line + r + (max(sizes) - 1) * gap / 2

    def at(l, j):
        return left + sum(steps[:l - 1]), mid + (j - (sizes[l - 1] - 1) / 2) * gap

    groups = {}
    for l in range(1, L + 1):
        role = "input" if l == 1 else "output" if l == L else "hidden"
        items = groups[f"layer{l}"] = [
            _text(at(l, 0)[0], 24, f"layer {l} (Ng [{l - 1}])", size=FONT + 1, style="bold"),
            _text(at(l, 0)[0], 24 + line, role, colour=GREY)]
        items += _arrows(net, l, at, r, small, digits) if l > 1 else []
        rows = [(s, t, v) for s, t, v in given if l in v and (l > 1 or s == "a")] if small else []
        for j in range(sizes[l - 1]):
            items += _neuron(net, l, j, *at(l, j), r, rows, digits, blank, small)
    if small:
        words = ("On the arrow from neuron k to neuron j of layer l: its weight w^l_jk. Under "
                 "each neuron: its bias b." + " Black: given (x, w, b). Blue: forward pass (z, a)."
                 * bool(given) + " Vermillion: backward pass (δ)." * (delta is not None))
        words += " Worksheet: write each computed value in its box." * blank
    else:
        words = (f"More than {MAX_UNITS} units in a layer: each arrow shows its weight w by "
                 "colour (blue +, orange −) and width (|w|), without numbers.")
    size, width = FONT - 1, max(2 * left + sum(steps), 520)
    top = mid + (max(sizes) - 1) * gap / 2 + r + 2.2 * line
    caption = textwrap.wrap(words, int((width - 32) / _width("m", size)))  # as wide as the net
    tex = [c.replace("w^l_jk", r"$w^l_{jk}$").replace("δ", r"$\delta$").replace("−", "$-$")
           .replace("|w|", "$|w|$") for c in caption]
    groups["caption"] = [_text(16, top + i * size * 1.4, c, tex[i], INK, size, "start")
                         for i, c in enumerate(caption)]
    return width, top + len(caption) * size * 1.4 + 8, groups

def _neuron(net, l, j, x, y, r, rows, digits, blank, small):
    """Neuron j of layer l: a circle with its values (or boxes) inside and its bias below."""
    items, line, wide = [("circle", x, y, r, WHITE, INK, 2)], FONT * 1.3, "-0." + "0" * digits
    for i, (s, t, v) in enumerate(rows):
        colour = BACKWARD if s == "δ" else FORWARD if l > 1 else GIVEN
        y_i, value = y + (i - (len(rows) - 1) / 2) * line, _number(v[l][j][0], digits)
        if blank and colour != GIVEN:  # a box to write in, as wide as the answer
            x0 = x - _width(s + " = " + wide) / 2
            items += [_text(x0, y_i, f"{s} =", f"${t} =$", colour, anchor="start"),
                      ("rect", x0 + _width(s + " = "), y_i - line / 2 + 2.5, _width(wide),
                       line - 5, None, colour, 1)]
        else:
            items.append(_text(x, y_i, f"{s} = {value}", f"${t} = {value}$", colour,
                               ident=f"{'d' if s == 'δ' else s}{l}_{j + 1}"))
    if small and l > 1:
        b = _number(net.b[l][j][0], digits)
        items.append(_text(x, y + r + line * 0.7, f"b = {b}", f"$b = {b}$", style="halo",
                           ident=f"b{l}_{j + 1}"))
    return items

def _arrows(net, l, at, r, small, digits):
    """The arrows into layer l: w^l_jk written on them, or shown by colour and width."""
    n_from, n_to = net.sizes[l - 2], net.sizes[l - 1]
    t = 1 / (n_to + 1) if n_to <= n_from else 1 - 1 / (n_from + 1)  # see gap in _network
    biggest = max(abs(v) for row in net.w[l] for v in row) or 1
    lines, labels = [], []
    for j in range(n_to):
        for k in range(n_from):
            (x1, y1), (x2, y2), w = at(l - 1, k), at(l, j), net.w[l][j][k]
            f = r / math.hypot(x2 - x1, y2 - y1)  # from circle edge to circle edge
            ends = (x1 + f * (x2 - x1), y1 + f * (y2 - y1), x2 - f * (x2 - x1), y2 - f * (y2 - y1))
            if small:
                lines.append(("line", *ends, GREY, 1.5))
                labels.append(_text(x1 + t * (x2 - x1), y1 + t * (y2 - y1), _number(w, digits),
                                    f"${_number(w, digits)}$", style="halo",
                                    ident=f"w{l}_{j + 1}_{k + 1}"))
            else:
                width = 0.4 + 4 * abs(w) / biggest
                lines.append(("line", *ends, POSITIVE if w >= 0 else NEGATIVE, width))
    return lines + labels

def map_svg(grid, box, points, classes):
    """The decision regions after training as an SVG document, with the data on top.

    grid: rows of output vectors a^L (flat lists), top row first; grid[i][c] is
    the output at the centre of cell (i, c) when box = (x1_min, x1_max, x2_min,
    x2_max) is cut into len(grid) rows of len(grid[0]) equal cells.  The colour
    is the class (one output: class 1 where a > 0.5; several: the largest),
    deeper where the network is surer.  points: (x1, x2, class_index, is_test,
    is_wrong) tuples; classes: the class names, for the legend.
    """
    x1_min, x1_max, x2_min, x2_max = box
    W = 420
    H = min(max(W * (x2_max - x2_min) / (x1_max - x1_min), W / 2), W * 1.5)
    left = 40 + max(_width(_tick(v), FONT - 1) for v in box)  # room for the x2 tick labels
    top, cw, ch = 16, W / len(grid[0]), H / len(grid)
    regions, train, test, wrong = [], [], [], []
    for i, row in enumerate(grid):
        c = 0
        for fill, run in groupby(_region_colour(out) for out in row):  # a rect for each run
            n = len(list(run))
            regions.append(("rect", left + c * cw, top + i * ch, n * cw, ch, fill, None, 0))
            c += n
    for x1, x2, k, is_test, is_wrong in points:
        x = left + (x1 - x1_min) / (x1_max - x1_min) * W
        y = top + (x2_max - x2) / (x2_max - x2_min) * H
        colour = CLASS_COLOURS[k % len(CLASS_COLOURS)]
        test += [("rect", x - 5, y - 5, 10, 10, colour, INK, 1)] if is_test else []
        train += [] if is_test else [("circle", x, y, 5.5, colour, INK, 1)]
        wrong += [("circle", x, y, 10, None, INK, 2.5)] if is_wrong else []
    tick = FONT - 1
    axes = [("rect", left, top, W, H, None, INK, 1),
            _text(left, top + H + 16, _tick(x1_min), size=tick, anchor="start"),
            _text(left + W, top + H + 16, _tick(x1_max), size=tick, anchor="end"),
            _text(left + W / 2, top + H + 26, "x₁", size=FONT + 1),
            _text(left - 6, top + H - 6, _tick(x2_min), size=tick, anchor="end"),
            _text(left - 6, top + 8, _tick(x2_max), size=tick, anchor="end"),
            _text(18, top + H / 2, "x₂", size=FONT + 1)]
    x0, legend = left + W + 24, []
    keys = [str(name) for name in classes] + ["", "● training point", "■ test point",
                                               "◯ misclassified"]
    for i, name in enumerate(keys):
        y = top + 12 + 24 * i
        if i < len(classes):  # a class name follows a dot of its colour
            legend += [("circle", x0 + 6, y, 6, CLASS_COLOURS[i % len(CLASS_COLOURS)], INK, 1),
                       _text(x0 + 20, y, name, anchor="start")]
        elif name:
            legend.append(_text(x0, y, name, anchor="start"))
    return _svg(x0 + 30 + max(_width(name) for name in keys), max(top + H + 40, y + 24),
                {"regions": regions, "axes": axes, "train": train, "test": test,
                 "wrong": wrong, "legend": legend})

def cost_svg(costs):
    """The mean cost per epoch (costs[0] is epoch 1) as an SVG line plot."""
    W, H, left, top = 480, 280, 76, 44
    x_ticks, y_ticks = _ticks(len(costs)), _ticks(max(costs))
    sx, sy = W / x_ticks[-1], H / y_ticks[-1]
    keep = max(1, len(costs) // 600)  # about a point a pixel: the plot cannot show more
    kept = [(e, c) for e, c in enumerate(costs, 1) if e % keep == 0 or e in (1, len(costs))]
    last = f"epoch {len(costs)}: C = {costs[-1]:.4g}"
    axes = [("rect", left, top, W, H, None, INK, 1),
            _text(left + W / 2, top + H + 42, "epoch", size=FONT + 1),
            _text(left - 8, top - 22, "mean cost C", size=FONT + 1, anchor="start"),
            _text(left + W - 8, top + 14, last, colour=BLUE, anchor="end", style="halo")]
    for v in x_ticks:
        axes += [("line", left + v * sx, top + H, left + v * sx, top + H + 5, INK, 1),
                 _text(left + v * sx, top + H + 18, _tick(v), size=FONT - 1)]
    for v in y_ticks:
        axes += [("line", left - 5, top + H - v * sy, left, top + H - v * sy, INK, 1),
                 _text(left - 8, top + H - v * sy, _tick(v), size=FONT - 1, anchor="end")]
    plot = [("poly", [(left + e * sx, top + H - c * sy) for e, c in kept], BLUE, 2.5)]
    return _svg(left + W + 24, top + H + 60, {"axes": axes, "cost": plot})

def _region_colour(out):
    """The colour of the class the output vector out picks, paler where it is less sure."""
    p = out if len(out) > 1 else [1 - out[0], out[0]]  # one sigmoid output: 2 classes
    k, n = p.index(max(p)), len(p)
    level = min(3, int(4 * (n * p[k] - 1) / (n - 1)))  # 0 at p = 1/n, 4 steps: neighbours merge
    colour, t = CLASS_COLOURS[k % len(CLASS_COLOURS)], 0.14 + 0.14 * level  # t of it on white
    return "#" + "".join(f"{round(255 - t * (255 - int(colour[i:i + 2], 16))):02X}"
                         for i in (1, 3, 5))

def _ticks(high, count=4):
    """0, s, 2s, ... up to high or just past it, with s 1, 2 or 5 times a power of ten."""
    high = high if high > 0 else 1
    unit = 10 ** math.floor(math.log10(high / count))
    s = next(f * unit for f in (1, 2, 5, 10) if f * unit * count >= high)
    return [i * s for i in range(math.ceil(high / s - 1e-9) + 1)]

def _tick(v):
    """A tick label: three significant digits, or the whole number from 100 up (epochs)."""
    return f"{v:.0f}" if abs(v) >= 100 else f"{v:.3g}"

def _number(v, digits):
    """v to digits decimals, as the handout prints it: a value that rounds to 0 has no minus."""
    text = f"{v:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text

def _width(text, size=FONT):
    """A generous guess at the width of text in px, for the layout: 0.64 em a character."""
    return 0.64 * size * len(text)

def _text(x, y, svg, tex=None, colour=INK, size=FONT, anchor="middle", style="", ident=""):
    """A label centred on y; tex is its TeX form (None: svg, which must then be plain text)."""
    return ("text", x, y, svg, svg if tex is None else tex, colour, size, anchor, style, ident)

def _svg(width, height, groups):
    """A whole SVG document: a white page, then a <g id=...> for each group, in order."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FAMILY}">',
           '<defs><marker id="head" markerWidth="10" markerHeight="8" refX="10" refY="4" '
           'orient="auto" markerUnits="userSpaceOnUse">'
           f'<path d="M0,0 L10,4 L0,8 z" fill="{GREY}"/></marker></defs>',
           f'<rect width="100%" height="100%" fill="{WHITE}"/>']
    for name, items in groups.items():
        out += [f'<g id="{name}">'] + [_svg_item(*item) for item in items] + ["</g>"]
    return "\n".join(out + ["</svg>"]) + "\n"

def _svg_item(kind, *v):
    if kind == "line":  # only the grey arrows, which carry numbers, need a head
        return _tag("line", x1=v[0], y1=v[1], x2=v[2], y2=v[3], stroke=v[4], stroke_width=v[5],
                    marker_end="url(#head)" if v[4] == GREY else None)
    if kind == "circle":
        return _tag("circle", cx=v[0], cy=v[1], r=v[2], fill=v[3] or "none", stroke=v[4],
                    stroke_width=v[5])
    if kind == "rect":  # a rect with no stroke is a cell of the map: crisp edges leave no seams
        return _tag("rect", x=v[0], y=v[1], width=v[2], height=v[3], fill=v[4] or "none",
                    stroke=v[5], stroke_width=v[6] if v[5] else None,
                    shape_rendering=None if v[5] else "crispEdges")
    if kind == "poly":
        return _tag("polyline", points=" ".join(f"{x:.1f},{y:.1f}" for x, y in v[0]),
                    fill="none", stroke=v[1], stroke_width=v[2])
    x, y, svg, tex, colour, size, anchor, style, ident = v
    y += 0.35 * size  # SVG places the baseline, about 0.35 em below the middle of a digit
    w = _width(svg, size) * 0.9 + 4  # a white card under a label hides the lines, in any viewer
    card = _tag("rect", x=x - w * {"start": 0, "middle": 0.5, "end": 1}[anchor],
                y=y - 1.05 * size, width=w, height=1.4 * size, fill=WHITE) + "\n"
    return card * ("halo" in style) + _tag(
        "text", svg, x=x, y=y, font_size=size, fill=colour, text_anchor=anchor,
        font_weight="bold" if "bold" in style else None, id=ident or None)

def _tag(name, text="", **attributes):
    """An SVG element; stroke_width is written stroke-width, and a float to 0.1."""
    pairs = "".join(f' {key.replace("_", "-")}="{round(v, 1) if isinstance(v, float) else v}"'
                    for key, v in attributes.items() if v is not None)
    return f"<{name}{pairs}>{escape(text)}</{name}>" if text else f"<{name}{pairs}/>"

def _tikz(kind, *v):
    if kind == "text":
        x, y, svg, tex, colour, size, anchor, style, ident = v
        # TeX's digits are 0.5 em wide, DejaVu's 0.64: a larger size fills the same room
        font = rf"\fontsize{{{size * 1.2:.0f}}}{{{size * 1.4:.0f}}}\selectfont" + r"\bfseries" * (
            "bold" in style)
        anchor = {"start": "west", "middle": "center", "end": "east"}[anchor]
        card = ", fill=white" * ("halo" in style)
        return (rf"\node[anchor={anchor}, text=c{colour[1:]}, font={font}{card}]"
                rf" at ({x:.1f},{y:.1f}) {{{tex}}};")
    stroke, width = v[5:7] if kind == "rect" else v[4:6]
    pen = rf"c{stroke[1:]}, line width={width:.2f}pt*\picturescale"
    if kind == "line":
        head = ", -latex" if stroke == GREY else ""
        return rf"\draw[{pen}{head}] ({v[0]:.1f},{v[1]:.1f}) -- ({v[2]:.1f},{v[3]:.1f});"
    if kind == "circle":
        return rf"\draw[{pen}, fill=c{v[3][1:]}] ({v[0]:.1f},{v[1]:.1f}) circle[radius={v[2]:.1f}];"
    return rf"\draw[{pen}] ({v[0]:.1f},{v[1]:.1f}) rectangle ({v[0] + v[2]:.1f},{v[1] + v[3]:.1f});"
