"""A bounded flow that says how far it is from holding: the search for the hosts' countries
(``assign._search``) needs to know whether a change brings the volunteers nearer to a fit, not only
whether they fit."""

from __future__ import annotations

from mobilize.synthetic.generator.flow import INFINITE, BoundedFlow, _MaxFlow


class SlackFlow(BoundedFlow):
    def shortfall(self) -> int:
        """How much of the edges' lower bounds no flow can meet (the standard reduction to a maximum
        flow from a super source to a super sink): 0 when ``solve`` finds a flow."""
        n = len(self.nodes)
        graph = _MaxFlow(n + 2)
        super_source, super_sink = n, n + 1
        excess = [0] * n
        for u, v, low, high in self.edges:
            graph.add(u, v, high - low)
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
        return need - graph.run(super_source, super_sink)
