"""黄六招、顾丽梅、尚虎平's J district service centre: how a local innovation is generated (2015-2017).

Source: 黄六招、顾丽梅、尚虎平, 《地方公共服务创新是如何生成的？——以"惠企一码通"项目为例》,
《公共行政评论》2019(2); fieldwork in J district of Xiamen, December 2015 to December 2017. The
centre lagged its neighbours (a performance gap) while the centre sought credit for being first
(「先发权」); the State Council's circulars praising local practice and the leaders' visits
raised momentum; resources from superiors reinforced the innovation
(「自我累进、自我强化」, proposition 4).

Examples
--------
>>> from ica_model.cases import HISTORIES
>>> [fact.name for fact in HISTORIES["j_district"].facts]
['generated', 'reinforced']
"""

from __future__ import annotations

from ..model.facts import Citation, Study
from ..model.history_records import CaseHistory, Event, Generated, HistoryFact, ResourcesGrow

__all__ = ["HISTORY", "STUDY"]

#: The source.
STUDY = Study("黄六招、顾丽梅、尚虎平",
              "地方公共服务创新是如何生成的?——以\u201c惠企一码通\u201d项目为例",
              "《公共行政评论》2019(2)")

#: The centre's history. The first-mover credit is 1: the centre sought the 「先发权」.
HISTORY = CaseHistory(
    "j_district", "黄六招等's J district service centre: how an innovation is generated",
    ("J district",), (2015, 2016, 2017), {},
    (Event(2015, "State Council", "State Council circulars praising local practice (five from "
           "2015 to 2018)", Citation(STUDY, "section 2, 1(1)", "從2015年至2018年,國務院連續五次"
                                     "頒布了對地方典型經驗做法進行表揚通報的規范性文件")),
     Event(2016, "city", "provincial and city leaders' visits to the model project",
           Citation(STUDY, "section 4", "先后獲得省市級領導的重點視察和多次表揚"))),
    facts=(HistoryFact("generated", "The innovation is generated when credit-seeking meets a "
                       "performance gap.", Citation(STUDY, "section 4",
                                                    "這種對組織績效差距的主觀認知極大地引發了地方政治精英的創新需求"),
                       Generated()),
           HistoryFact("reinforced", "Resources from superiors reinforce it: resources grow "
                       "after success.", Citation(STUDY, "proposition 4", "自我累進、自我強化"),
                       ResourcesGrow())),
    district=True,
)
