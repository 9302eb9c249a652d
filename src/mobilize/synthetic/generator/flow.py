"""Integer allocation: largest-remainder apportionment and flows with lower and upper bounds.

Every split of a count over categories goes through these two, so that integer totals hold
exactly: ``apportion`` when the parts only have weights and bounds, ``BoundedFlow`` when the parts
must also respect which source may go to which target (a transportation problem). ``one_each``
matches one item to each key (a flow of one, by augmenting paths).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

INFINITE = 10**12

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def one_each(keys: Sequence[K], items: Sequence[T], can: Callable[[K, T], bool]) -> dict[K, T] | None:
    """A different item for each key, one that ``can`` serve it (a bipartite matching by augmenting
    paths, the items tried in their order), or None when there is none."""
    owner: dict[int, K] = {}

    def claim(key: K, seen: set[int]) -> bool:
        for index, item in enumerate(items):
            if index in seen or not can(key, item):
                continue
            seen.add(index)
            if index not in owner or claim(owner[index], seen):
                owner[index] = key
                return True
        return False

    for key in keys:
        if not claim(key, set()):
            return None
    return {key: items[index] for index, key in owner.items()}


def apportion(
    total: int,
    weights: Sequence[float],
    *,
    floors: Sequence[int] | None = None,
    caps: Sequence[int] | None = None,
) -> list[int]:
    """Split ``total`` into integer parts proportional to ``weights`` (largest remainder), each part
    at least its floor and at most its cap. Raises ``ValueError`` when the bounds cannot hold."""
    n = len(weights)
    low = list(floors) if floors is not None else [0] * n
    high = list(caps) if caps is not None else [INFINITE] * n
    if any(lo > hi for lo, hi in zip(low, high, strict=True)) or not sum(low) <= total <= sum(high):
        raise ValueError(f"cannot split {total} within floors {low} and caps {high}")
    parts = low[:]
    remaining = total - sum(parts)
    while remaining > 0:
        open_ = [i for i in range(n) if parts[i] < high[i]]
        weight_sum = sum(max(weights[i], 0) for i in open_)
        if weight_sum <= 0:
            shares = {i: remaining / len(open_) for i in open_}
        else:
            shares = {i: remaining * max(weights[i], 0) / weight_sum for i in open_}
        given = 0
        for i in open_:
            add = min(int(shares[i]), high[i] - parts[i])
            parts[i] += add
            given += add
        remaining -= given
        if remaining <= 0:
            break
        order = sorted(
            (i for i in open_ if parts[i] < high[i]),
            key=lambda i: (-(shares[i] - int(shares[i])), -weights[i], i),
        )
        for i in order[:remaining]:
            parts[i] += 1
        remaining -= min(remaining, len(order))
    return parts


class _MaxFlow:
    """Dinic's algorithm on a small graph."""

    def __init__(self, size: int) -> None:
        self.graph: list[list[int]] = [[] for _ in range(size)]
        self.to: list[int] = []
        self.cap: list[int] = []

    def add(self, u: int, v: int, cap: int) -> int:
        self.graph[u].append(len(self.to))
        self.to.append(v)
        self.cap.append(cap)
        self.graph[v].append(len(self.to))
        self.to.append(u)
        self.cap.append(0)
        return len(self.to) - 2

    def run(self, s: int, t: int) -> int:
        total = 0
        while True:
            level = [-1] * len(self.graph)
            level[s] = 0
            queue = deque([s])
            while queue:
                u = queue.popleft()
                for e in self.graph[u]:
                    if self.cap[e] > 0 and level[self.to[e]] < 0:
                        level[self.to[e]] = level[u] + 1
                        queue.append(self.to[e])
            if level[t] < 0:
                return total
            pointer = [0] * len(self.graph)
            while True:
                pushed = self._push(s, t, INFINITE, level, pointer)
                if not pushed:
                    break
                total += pushed

    def _push(self, u: int, t: int, limit: int, level: list[int], pointer: list[int]) -> int:
        if u == t:
            return limit
        while pointer[u] < len(self.graph[u]):
            e = self.graph[u][pointer[u]]
            v = self.to[e]
            if self.cap[e] > 0 and level[v] == level[u] + 1:
                pushed = self._push(v, t, min(limit, self.cap[e]), level, pointer)
                if pushed:
                    self.cap[e] -= pushed
                    self.cap[e ^ 1] += pushed
                    return pushed
            pointer[u] += 1
        return 0


class BoundedFlow:
    """A flow from ``source`` to ``sink`` in which each edge carries between ``low`` and ``high``.

    Add edges with ``edge``; ``solve`` returns the flow on each edge (by the id ``edge`` returned) or
    None when no flow meets every bound. Costs are not minimised: where several flows are feasible,
    the order in which edges were added decides which one is found, so callers add preferred edges
    first.
    """

    def __init__(self, source: Hashable = "source", sink: Hashable = "sink") -> None:
        self.nodes: dict[Hashable, int] = {}
        self.edges: list[tuple[int, int, int, int]] = []
        self.source = self._node(source)
        self.sink = self._node(sink)

    def _node(self, key: Hashable) -> int:
        if key not in self.nodes:
            self.nodes[key] = len(self.nodes)
        return self.nodes[key]

    def edge(self, u: Hashable, v: Hashable, low: int, high: int) -> int:
        if low > high:
            raise ValueError(f"edge {u} -> {v}: lower bound {low} above upper bound {high}")
        self.edges.append((self._node(u), self._node(v), low, high))
        return len(self.edges) - 1

    def _reduced(self) -> tuple[_MaxFlow, list[int], int, int]:
        """The standard reduction to a maximum flow from a super source to a super sink: the graph,
        the ids of the edges' arcs in it, the sum of the lower bounds to meet, and the flow that
        meets it (``need`` when every bound holds)."""
        n = len(self.nodes)
        graph = _MaxFlow(n + 2)
        super_source, super_sink = n, n + 1
        excess = [0] * n
        ids = []
        for u, v, low, high in self.edges:
            ids.append(graph.add(u, v, high - low))
            excess[v] += low
            excess[u] -= low
        graph.add(self.sink, self.source, INFINITE)
        need = 0
        for node, amount in enumerate(excess):
            if amount > 0:
                graph.add(super_source, node, amount)
                need += amount
            elif amount < 0:
                graph.add(node, super_sink, -amount)
        return graph, ids, need, graph.run(super_source, super_sink)

    def solve(self) -> list[int] | None:
        graph, ids, need, met = self._reduced()
        if met != need:
            return None
        return [low + graph.cap[e ^ 1] for e, (_u, _v, low, _high) in zip(ids, self.edges, strict=True)]

    def shortfall(self) -> int:
        """How much of the edges' lower bounds no flow can meet: 0 when ``solve`` finds a flow. The
        search for the hosts' countries (``assign._search``) uses it to tell whether a change
        brings the volunteers nearer to a fit, not only whether they fit."""
        _graph, _ids, need, met = self._reduced()
        return need - met
