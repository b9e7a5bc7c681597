r"""Claims' shares under wider and shifted priors, from the old accepted draws and new
draws only where the new prior reaches beyond the old one.

:mod:`ica_model.analysis.prior_variants` reads *narrower* priors off the accepted draws. A
prior that reaches *outside* the old range of a parameter :math:`\theta_j \in [a, b]`
(width :math:`w = b - a`) needs draws there. The variants here replace :math:`[a, b]` by

================  ================================================
variant           new range (clipped to the parameter's domain)
================  ================================================
wider             :math:`[a - w/2,\ b + w/2]` (twice as wide)
shifted down      :math:`[a - w/2,\ b - w/2]`
shifted up        :math:`[a + w/2,\ b + w/2]`
================  ================================================

and sample the new prior exactly, without rerunning the whole calibration. The new prior is
the old one with :math:`\theta_j` uniform on :math:`[a', b']`; split :math:`[a', b']` into
its overlap with :math:`[a, b]` and the pieces outside. On the overlap, the old accepted
draws whose :math:`\theta_j` lies in it are an accepted sample of the old prior restricted
to the overlap (as for a narrower prior); each is kept with probability :math:`f`
(``fraction``), which thins the :math:`N` old draws to :math:`fN` in expectation. On each
outside piece of width :math:`w_k`, :math:`\mathrm{round}(f N w_k / w)` new draws are made
(:func:`~ica_model.analysis.calibration.calibrate` with :math:`\theta_j`'s range set to the
piece), the same density of draws per unit of :math:`\theta_j` as the thinned old ones.
The accepted draws of the pieces together are an accepted sample of the new prior,
stratified by :math:`\theta_j` with allocation proportional to width (so a share pooled
over them is the share under the new prior). Only scenario-level parameters are widened
here: an actor attribute widened for every actor at once leaves a region that is not a
box.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import numpy as np

from .._validation import check_instance, check_names, check_real, generator_of
from ..model.parameters import Role, schema_entry
from .calibration import Calibration, calibrate
from .claims import CLAIMS, Claim, check_claims
from .prior_variants import _row, claim_holds

__all__ = ["WIDER_VARIANTS", "widened", "widened_range", "wider_variant_rows"]

#: Variant name -> the new range as multiples of the old width from the old low end.
WIDER_VARIANTS = {"wider": (-0.5, 1.5), "shifted down": (-0.5, 0.5), "shifted up": (0.5, 1.5)}


def widened_range(calibration: Calibration, parameter: str, variant: str
                  ) -> tuple[float, float]:
    """The new range of ``parameter`` under ``variant``, clipped to its domain."""
    check_instance("calibration", calibration, Calibration, "a Calibration (from calibrate)")
    if not isinstance(variant, str) or variant not in WIDER_VARIANTS:
        raise ValueError(f"variant must be one of {sorted(WIDER_VARIANTS)}, got {variant!r}")
    if not isinstance(parameter, str) or parameter not in calibration.facts.prior.ranges:
        raise ValueError(f"parameter {parameter!r} is not drawn by the prior of case "
                         f"{calibration.case!r}")
    entry = schema_entry(parameter)
    if entry.role is Role.ACTOR:
        raise ValueError(f"parameter {parameter!r} is an actor attribute: only "
                         "scenario-level parameters are widened")
    low, high = calibration.facts.range_of(parameter)
    start, stop = WIDER_VARIANTS[variant]
    new = [low + start * (high - low), low + stop * (high - low)]
    domain = entry.domain
    if domain.low is not None and new[0] <= domain.low:
        new[0] = float(np.nextafter(domain.low, np.inf)) if domain.low_open else domain.low
    if domain.high is not None and new[1] >= domain.high:
        new[1] = float(np.nextafter(domain.high, -np.inf)) if domain.high_open else domain.high
    return new[0], new[1]


def _with_range(calibration: Calibration, parameter: str, span: tuple[float, float]) -> Any:
    prior = calibration.facts.prior
    ranges = dict(prior.ranges) | {parameter: span}
    return dataclasses.replace(calibration.facts,
                               prior=dataclasses.replace(prior, ranges=ranges))


def widened(calibration: Calibration, parameter: str, variant: str, fraction: float = 0.1,
            rng: Any = 0) -> Calibration:
    """An accepted sample of the case's prior with ``parameter``'s range replaced by the
    ``variant``'s (see the module), from ``fraction`` of the old accepted draws and new
    draws outside the old range.

    Returns
    -------
    Calibration
        Its ``facts`` carry the new prior; ``draws`` counts the thinned old draws (in
        expectation) and the new ones; ``passed`` is empty.
    """
    import pandas as pd

    fraction = check_real("fraction", fraction, 0.0, 1.0, low_open=True)
    new_low, new_high = widened_range(calibration, parameter, variant)
    generator = generator_of(rng)
    low, high = calibration.facts.range_of(parameter)
    width = high - low
    values = calibration.accepted[parameter].to_numpy()
    overlap = (max(low, new_low), min(high, new_high))
    inside = (values >= overlap[0]) & (values <= overlap[1])
    kept = inside & (generator.random(values.size) < fraction)
    parts = [calibration.accepted[kept]]
    draws = fraction * calibration.draws * max(overlap[1] - overlap[0], 0.0) / width
    for piece in ((new_low, min(low, new_high)), (max(high, new_low), new_high)):
        size = round(fraction * calibration.draws * (piece[1] - piece[0]) / width)
        if piece[1] > piece[0] and size > 0:
            part = calibrate(_with_range(calibration, parameter, piece), size,
                             rng=generator, scenario=calibration.scenario, progress=False)
            parts.append(part.accepted)
            draws += size
    facts = _with_range(calibration, parameter, (new_low, new_high))
    accepted = pd.concat(parts, ignore_index=True)
    return Calibration(calibration.case, calibration.scenario, facts, round(draws), accepted,
                       {}, calibration.rng)


def wider_variant_rows(calibration: Calibration, parameters: list[str],
                       claims: tuple[Claim, ...] = CLAIMS, fraction: float = 0.1,
                       rng: Any = 0) -> Any:
    """Each claim's share (n, 95 % Wilson interval) under each :data:`WIDER_VARIANTS` of
    each scenario-level parameter of ``parameters`` (actor attributes are skipped).

    Columns as :func:`~ica_model.analysis.prior_variants.prior_variant_table` (``prior``
    is ``"PARAMETER: VARIANT [LOW–HIGH]"``), plus ``range_low`` and ``range_high``.
    """
    import pandas as pd

    claims = check_claims(calibration, claims)
    parameters = check_names("parameters", parameters,
                             [p for p in parameters if isinstance(p, str)]
                             if not isinstance(parameters, str) and isinstance(parameters, Iterable)
                             else [])
    for parameter in parameters:
        try:
            entry = schema_entry(parameter.partition(".")[0])
        except ValueError as error:
            raise ValueError(f"parameters: {error}") from None
        # checked before any widening (was refused by widened_range, naming no argument)
        if entry.role is not Role.ACTOR and parameter not in calibration.facts.prior.ranges:
            raise ValueError(f"parameters names {parameter!r}, which the prior of case "
                             f"{calibration.case!r} does not draw")
    generator = generator_of(rng)
    rows = []
    for parameter in parameters:
        if schema_entry(parameter.partition(".")[0]).role is Role.ACTOR:
            continue
        for variant in WIDER_VARIANTS:
            result = widened(calibration, parameter, variant, fraction, generator)
            span = result.facts.range_of(parameter)
            holds = claim_holds(result, claims) if len(result.accepted) else {
                c.name: np.zeros(0, dtype=bool) for c in claims}
            label = f"{parameter}: {variant} [{span[0]:.3g}–{span[1]:.3g}]"
            rows += [_row(c, label, holds[c.name], parameter=parameter,
                          range_low=span[0], range_high=span[1]) for c in claims]
    return pd.DataFrame(rows)
