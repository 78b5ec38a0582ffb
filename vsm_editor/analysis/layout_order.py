"""Crossing reduction for the auto-layout: the order of the nodes inside each layer.

A :class:`LayeredGraph` holds the stages (nodes ``0 … real - 1``) and the dummy nodes that
long handoffs pass through, each in one layer and one lane. Inside a layer the nodes are
grouped by lane (lanes keep their top-to-bottom order), so only the order inside a lane group
is free. :func:`reduce_crossings` starts from the current drawing's order and only ever
accepts a strictly better order, so among equally good orders the current one wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Sweeps without improvement before the barycentre phase stops.
_PATIENCE = 2
_MAX_SWEEPS = 12
_MAX_TRANSPOSE_ROUNDS = 12


@dataclass
class LayeredGraph:
    """Nodes in layers, edges only between neighbouring layers."""

    real: int
    layer: list[int] = field(default_factory=list)
    lane: list[int] = field(default_factory=list)
    #: Sort key of the node's current place (its centre's y, then x): the tie-breaker.
    current: list[tuple[float, float]] = field(default_factory=list)
    up: list[list[int]] = field(default_factory=list)
    down: list[list[int]] = field(default_factory=list)
    layers: list[list[int]] = field(default_factory=list)
    #: For each dummy (node ``real + i``): the edge's two ends and how far along it lies.
    along: list[tuple[int, int, float]] = field(default_factory=list)

    def add_node(self, layer: int, lane: int, current: tuple[float, float]) -> int:
        self.layer.append(layer)
        self.lane.append(lane)
        self.current.append(current)
        self.up.append([])
        self.down.append([])
        return len(self.layer) - 1

    def add_edge(self, u: int, v: int, dummy_lane: int | None = None) -> None:
        """An edge between nodes of different layers, through dummies in between.

        Dummies take ``dummy_lane`` or, without it, the lane of the handoff's target ``v``:
        the router jogs a long handoff across the lanes in the first free column gap, which
        is seldom halfway (a stage usually sits in the middle column) and then right after
        the source, so the handoff runs along the target's lane. Their current place is
        interpolated between the ends.
        """
        across = self.lane[v]
        if self.layer[u] > self.layer[v]:
            u, v = v, u
        a, b = self.layer[u], self.layer[v]
        if a == b:
            return
        previous = u
        for step in range(a + 1, b):
            t = (step - a) / (b - a)
            lane = across if dummy_lane is None else dummy_lane
            node = self.add_node(step, lane, _between(self.current[u], self.current[v], t))
            self.along.append((u, v, t))
            self.down[previous].append(node)
            self.up[node].append(previous)
            previous = node
        self.down[previous].append(v)
        self.up[v].append(previous)

    def move_real(self, current: list[tuple[float, float]]) -> None:
        """New current places for the stages; the dummies follow their edges."""
        self.current[: self.real] = current
        for i, (u, v, t) in enumerate(self.along):
            self.current[self.real + i] = _between(current[u], current[v], t)

    def initial_order(self) -> None:
        """Every layer sorted by lane, then by the current drawing (top to bottom)."""
        count = max(self.layer, default=-1) + 1
        self.layers = [[] for _ in range(count)]
        for node, number in enumerate(self.layer):
            self.layers[number].append(node)
        lane, current = self.lane, self.current
        for nodes in self.layers:
            nodes.sort(key=lambda n: (lane[n], current[n], n))


def _between(
    first: tuple[float, float], second: tuple[float, float], t: float
) -> tuple[float, float]:
    return (
        first[0] * (1 - t) + second[0] * t,
        first[1] * (1 - t) + second[1] * t,
    )


def reduce_crossings(graph: LayeredGraph) -> int:
    """Reorder ``graph.layers`` in place (barycentre sweeps, then adjacent swaps); returns
    the number of crossings of the layered drawing."""
    layers = graph.layers
    pos = [0] * len(graph.layer)
    for nodes in layers:
        for i, node in enumerate(nodes):
            pos[node] = i
    free = [_has_free_pair(nodes, graph.lane) for nodes in layers]
    if not any(free):
        return total_crossings(graph, pos)
    pairs = [n for n in range(len(layers) - 1) if free[n] or free[n + 1]]
    fixed = total_crossings(graph, pos) - _crossings_of(graph, pos, pairs)
    best = fixed + _crossings_of(graph, pos, pairs)
    best_layers = [list(nodes) for nodes in layers]
    idle = 0
    for sweep in range(_MAX_SWEEPS):
        if best == 0:
            break
        downward = sweep % 2 == 0
        _sweep(graph, pos, free, downward)
        crossings = fixed + _crossings_of(graph, pos, pairs)
        if crossings < best:
            best, idle = crossings, 0
            best_layers = [list(nodes) for nodes in layers]
        else:
            idle += 1
            if idle >= _PATIENCE:
                break
    graph.layers[:] = best_layers
    for nodes in layers:
        for i, node in enumerate(nodes):
            pos[node] = i
    if best:
        best -= _transpose(graph, pos, free)
    return best


def _has_free_pair(nodes: list[int], lane: list[int]) -> bool:
    """Whether two nodes of the layer share a lane (else its order is fixed)."""
    return len({lane[n] for n in nodes}) < len(nodes)


def _sweep(graph: LayeredGraph, pos: list[int], free: list[bool], downward: bool) -> None:
    """One barycentre pass over the layers, left to right (``downward``) or back."""
    layers, lane = graph.layers, graph.lane
    neighbours = graph.up if downward else graph.down
    numbers = range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1)
    for number in numbers:
        if not free[number]:
            continue
        nodes = layers[number]
        fixed_size = len(layers[number - 1 if downward else number + 1])
        scale = fixed_size / len(nodes)
        keys = {}
        for node in nodes:
            around = neighbours[node]
            if around:
                value = sum(pos[n] for n in around) / len(around)
            else:
                value = pos[node] * scale
            keys[node] = (lane[node], value, pos[node])
        nodes.sort(key=keys.__getitem__)
        for i, node in enumerate(nodes):
            pos[node] = i


def layer_pair_crossings(graph: LayeredGraph, pos: list[int], number: int) -> int:
    """Crossings between layer ``number`` and the next one (inversion count)."""
    targets: list[int] = []
    down = graph.down
    for node in graph.layers[number]:
        below = down[node]
        if len(below) == 1:
            targets.append(pos[below[0]])
        elif below:
            targets.extend(sorted(pos[n] for n in below))
    return _inversions(targets)


def _inversions(values: list[int]) -> int:
    """Pairs i < j with values[i] > values[j]."""
    count = len(values)
    if count < 2:
        return 0
    if count <= 16:
        return sum(
            1 for i in range(count) for j in range(i + 1, count) if values[i] > values[j]
        )
    size = max(values) + 1
    tree = [0] * (size + 1)
    total = 0
    seen = 0
    for value in values:
        # Fenwick tree: how many earlier values are <= value.
        i, not_greater = value + 1, 0
        while i > 0:
            not_greater += tree[i]
            i -= i & -i
        total += seen - not_greater
        seen += 1
        i = value + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
    return total


def _crossings_of(graph: LayeredGraph, pos: list[int], pairs: list[int]) -> int:
    return sum(layer_pair_crossings(graph, pos, number) for number in pairs)


def total_crossings(graph: LayeredGraph, pos: list[int]) -> int:
    """Crossings of the whole layered drawing."""
    layers, down = graph.layers, graph.down
    total = 0
    for number in range(len(layers) - 1):
        nodes = layers[number]
        if len(nodes) == 1 and len(down[nodes[0]]) < 2:
            continue
        total += layer_pair_crossings(graph, pos, number)
    return total


def _pair_cost(u: int, v: int, pos: list[int], around: list[list[int]]) -> int:
    """Crossings between the edges of ``u`` and ``v`` towards one neighbour layer when
    ``u`` is placed above ``v``."""
    au, av = around[u], around[v]
    if not au or not av:
        return 0
    return sum(1 for a in au for b in av if pos[a] > pos[b])


def _transpose(graph: LayeredGraph, pos: list[int], free: list[bool]) -> int:
    """Swap neighbours of one lane while that strictly removes crossings; returns how many
    crossings the swaps removed."""
    layers, lane, up, down = graph.layers, graph.lane, graph.up, graph.down
    removed = 0
    dirty = [number for number, is_free in enumerate(free) if is_free]
    for _ in range(_MAX_TRANSPOSE_ROUNDS):
        if not dirty:
            break
        touched: set[int] = set()
        for number in dirty:
            nodes = layers[number]
            improved = True
            while improved:
                improved = False
                for i in range(len(nodes) - 1):
                    u, v = nodes[i], nodes[i + 1]
                    if lane[u] != lane[v]:
                        continue
                    now = _pair_cost(u, v, pos, up) + _pair_cost(u, v, pos, down)
                    if not now:
                        continue
                    swapped = _pair_cost(v, u, pos, up) + _pair_cost(v, u, pos, down)
                    if swapped < now:
                        nodes[i], nodes[i + 1] = v, u
                        pos[u], pos[v] = i + 1, i
                        removed += now - swapped
                        improved = True
                        touched.update((number - 1, number + 1))
        dirty = sorted(n for n in touched if 0 <= n < len(layers) and free[n])
    return removed
