"""A homogeneous reference group of identical local governments (illustrative), with the
G60 corridor's calibrated costs, risks, effects and mechanisms."""

from __future__ import annotations

import dataclasses

from .._validation import check_bool, check_int
from ..model.parameters import Actor, Scenario
from .g60_corridor import CASE as G60

__all__ = ["symmetric"]


def symmetric(n: int = 9, token_compliance: bool = True) -> Scenario:
    """A homogeneous reference group of ``n`` identical local governments (illustrative).

    It takes the G60 corridor's calibrated costs, risks, effects and mechanisms, and the
    mean of the nine cities' attributes, at the corridor's last national integration (its
    bottleneck); no pilot; the group's preference spread is the mean-field constant
    :math:`H = 0.3`; the autonomy exponent
    is 2 and the innovation crowding 1, so that the margins are polynomials in the
    intervention levels (exact roots: :func:`~ica_model.model.closed_form.critical_authority_roots`).

    Examples
    --------
    >>> symmetric().n, symmetric().is_homogeneous
    (9, True)
    """
    n = check_int("n", n, 2, 10**6)
    token_compliance = check_bool("token_compliance", token_compliance)
    corridor = G60.scenario()
    means = {name: sum(getattr(a, name) for a in corridor.actors) / corridor.n
             for name in ("demand", "capacity", "selective_benefit", "innovation_value")}
    actor = Actor("member", preference=0.5, **{k: round(v, 4) for k, v in means.items()})
    group = dataclasses.replace(
        corridor, name="symmetric",
        actors=tuple(dataclasses.replace(actor, name=f"member {k + 1}") for k in range(n)),
        description="Homogeneous reference group with the G60 corridor's calibrated "
                    "parameters and mean attributes; illustrative.",
        sources=("G60 calibration (costs, risks, effects, mechanisms; mean attributes)",
                 "group size and heterogeneity illustrative"))
    return group.with_values(
        token_compliance=token_compliance, autonomy_exponent=2.0, innovation_crowding=1.0,
        national_integration=G60.epoch("more lists").representative["national_integration"],
        heterogeneity=0.3)
