"""陈璐's A district: from introducing digital technology to organisational change (2019-2023).

Source: 陈璐, 《从技术引入转向组织变革：地方数字政府改革何以深入》. A is a central district of C city in
S province. Technology came with the province's pilot (May 2019) without organisational
change; the governor's visit (June 2020) proposed a demonstration zone and the province's
first demonstration-zone plaque followed (December 2020); the reform then deepened. One
government decides each year (:mod:`ica_model.history.district`); its history is a
:class:`~ica_model.model.history_records.CaseHistory` with no snapshot case.

Examples
--------
>>> from ica_model.cases import HISTORIES
>>> [event.year for event in HISTORIES["a_district"].events]
[2019, 2020, 2020]
"""

from __future__ import annotations

from ..model.facts import Citation, Study
from ..model.history_records import CaseHistory, DeepensAfter, Event, HistoryFact

__all__ = ["HISTORY", "STUDY"]

#: The source.
STUDY = Study("陈璐", "从技术引入转向组织变革:地方数字政府改革何以深入")

#: The district's history. The first-mover credit is 1: the province's first demonstration
#: zone (「S省首个数字政府改革建设示范区」).
HISTORY = CaseHistory(
    "a_district", "陈璐's A district: from technology to organisational change", ("A district",),
    (2019, 2020, 2021, 2022, 2023), {},
    (Event(2019, "province", "selected as the province's pilot for lighter grassroots burdens "
           "(May 2019)", Citation(STUDY, "section 3(1)", "2019年5月,具有坚实信息化基础和较强社会"
                                  "治理能力的A区,被选为省级“基层减负便民专项试点区”")),
     Event(2020, "province", "the governor's visit proposes a demonstration zone (June 2020)",
           Citation(STUDY, "section 3(2)", "2020年6月,时任S省省长在A区考察时")),
     Event(2020, "province", "the province's first demonstration-zone plaque (December 2020)",
           Citation(STUDY, "section 3(2)", "2020年12月,S省首个数字政府改革建设示范区在A区挂牌"))),
    facts=(HistoryFact("stalls, then deepens", "Technology is introduced in 2019 without "
                       "organisational change; after the visit and the plaque the reform "
                       "deepens and stays deep to 2023.",
                       Citation(STUDY, "sections 3(1)-3(2)", "政府组织层面的系统重塑也还未出现"),
                       DeepensAfter(2019, 2021, 2023)),),
    district=True,
)
