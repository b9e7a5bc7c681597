"""A general n-player normal-form game held as one payoff array.

``payoffs[i][a_0, ..., a_{n-1}]`` is player ``i``'s payoff at the pure profile
``(a_0, ..., a_{n-1})``. The solvers in :mod:`ica_model.engine.solvers` take any such game,
so textbook and published games run through the same code as the ICA model.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy as sp

from .._validation import check_instance, check_real_array, check_sequence, to_sympy

__all__ = ["NormalFormGame"]


class NormalFormGame:
    """An n-player game in normal form.

    Parameters
    ----------
    payoffs : array_like
        Shape ``(n_players, n_actions_0, ..., n_actions_{n-1})``, finite reals. A C-contiguous
        float64 ndarray is not copied: the game holds a read-only view of it, so the caller
        must not change the array afterwards (pass ``payoffs.copy()`` to keep a writable
        original). Any other input is converted to a new float array.
    players : sequence of str, optional
        Player names (default ``"player 0"``, ...).
    actions : sequence of sequence of str, optional
        Action names per player (default ``"0"``, ``"1"``, ...).
    title : str
        A label for tables.

    Raises
    ------
    ValueError
        On a wrong shape, non-finite payoffs, or names that do not match the shape.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> pd.n_players, pd.shape
    (2, (2, 2))
    >>> float(pd.payoff((1, 0))[0])
    5.0
    """

    def __init__(self, payoffs: Any, players: Sequence[str] | None = None,
                 actions: Sequence[Sequence[str]] | None = None, title: str = "game") -> None:
        if isinstance(payoffs, np.ndarray) and payoffs.dtype == np.float64 \
                and payoffs.flags.c_contiguous:
            array = payoffs.view()   # no copy: a read-only view (the caller keeps it unchanged)
        else:
            array = np.ascontiguousarray(check_real_array("payoffs", payoffs))  # a new array
        if array.ndim < 2:
            raise ValueError(f"payoffs must have shape (n_players, n_actions_0, ...), got shape "
                             f"{array.shape}")
        n_players = array.shape[0]
        if array.ndim != n_players + 1:
            raise ValueError(f"payoffs has {n_players} players on axis 0 but {array.ndim - 1} "
                             f"action axes (shape {array.shape}); they must be equal")
        if n_players < 1 or min(array.shape[1:]) < 1:
            raise ValueError(f"payoffs must give every player at least one action, got shape "
                             f"{array.shape}")
        # each player's lowest and highest payoff, in passes without temporaries: they are
        # finite exactly when every payoff is (NaN propagates through min and max), and
        # they give the solvers each player's range without a rescaled copy
        flat = array.reshape(n_players, -1)
        low, high = flat.min(axis=1), flat.max(axis=1)
        if not (np.isfinite(low).all() and np.isfinite(high).all()):
            bad = tuple(int(k) for k in np.argwhere(~np.isfinite(array))[0])
            raise ValueError(f"payoffs must be finite, got {array[bad]} at index {bad}")
        low.setflags(write=False)
        high.setflags(write=False)
        self._payoff_bounds = (low, high)
        array.setflags(write=False)
        self._payoffs = array
        self.title = check_instance("title", title, str, "a string")   # 3 was taken as "3"
        self.players = check_sequence("players", players) if players is not None else tuple(
            f"player {i}" for i in range(n_players))
        if len(self.players) != n_players:
            raise ValueError(f"players names {len(self.players)} players, payoffs {n_players}")
        if actions is None:
            actions = [[str(a) for a in range(k)] for k in array.shape[1:]]
        self.actions = tuple(tuple(str(a) for a in check_sequence("actions", acts))
                             for acts in check_sequence("actions", actions))
        if tuple(len(a) for a in self.actions) != array.shape[1:]:
            raise ValueError(f"actions give {[len(a) for a in self.actions]} actions per player, "
                             f"payoffs {list(array.shape[1:])}")

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_bimatrix(cls, row: Any, column: Any, **names: Any) -> NormalFormGame:
        """Two-player game from the row player's and the column player's payoff matrices."""
        a, b = check_real_array("row", row), check_real_array("column", column)
        if a.ndim != 2 or a.shape != b.shape:
            raise ValueError(f"row and column payoffs must be matrices of one shape, got "
                             f"{a.shape} and {b.shape}")
        return cls(np.stack([a, b]), **names)

    @classmethod
    def from_sympy(cls, expressions: Any, values: Mapping[Any, Any] | None = None,
                   **names: Any) -> NormalFormGame:
        """Game from an array of sympy expressions and values for their free symbols.

        Parameters
        ----------
        expressions : array_like of sympy expressions
            Shape ``(n_players, n_actions_0, ...)``.
        values : mapping
            Symbol (or symbol name) to number.

        Raises
        ------
        ValueError
            If a free symbol is left without a value.

        Examples
        --------
        >>> T, R = sp.symbols("T R")
        >>> game = NormalFormGame.from_sympy([[[R, 0], [T, 1]], [[R, T], [0, 1]]], {"T": 5, "R": 3})
        >>> game.payoffs[0].tolist()
        [[3.0, 0.0], [5.0, 1.0]]
        """
        grid = np.array(expressions, dtype=object)
        substitutions = {}
        if values is not None and not isinstance(values, Mapping):
            raise TypeError(f"values must map symbols (or their names) to numbers, got {values!r}")
        for key, value in (values or {}).items():
            symbol = sp.Symbol(key) if isinstance(key, str) else key
            substitutions[symbol] = to_sympy(f"values[{key!r}]", value)
        by_name = {str(s): v for s, v in substitutions.items()}
        numbers = np.empty(grid.shape, dtype=float)
        for index, expr in np.ndenumerate(grid):
            expr = to_sympy(f"expressions{list(index)}", expr)
            if not isinstance(expr, sp.Expr):   # True, a relation: no number
                raise TypeError(f"expressions{list(index)} must be a number or a sympy expression, "
                                f"got {expr!r}")
            free = {s: by_name[str(s)] for s in expr.free_symbols if str(s) in by_name}
            value = expr.subs(free)
            if value.free_symbols:
                raise ValueError(f"values has no value for {sorted(map(str, value.free_symbols))} "
                                 f"(entry {index})")
            if not (value.is_real or (value.is_real is None and sp.im(value.evalf()) == 0)):
                raise ValueError(f"expressions{list(index)} must be a real number, got {value}")
            numbers[index] = float(value)
        return cls(numbers, **names)

    # ------------------------------------------------------------------ access
    @property
    def payoffs(self) -> np.ndarray:
        """The read-only payoff array, shape ``(n_players, *shape)``."""
        return self._payoffs

    @property
    def n_players(self) -> int:
        """Number of players."""
        return self._payoffs.shape[0]

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(self._payoffs.shape[1:])

    def payoff(self, profile: Sequence[int]) -> np.ndarray:
        """Every player's payoff at a pure profile (action indices)."""
        cell = (slice(None), *self.check_profile(profile))
        return self._payoffs[cell]

    def check_profile(self, profile: Sequence[int], name: str = "profile") -> tuple[int, ...]:
        """``profile`` as a tuple of action indices, one per player, checked against the shape."""
        if isinstance(profile, (str, bytes)) or not isinstance(profile, Sequence) or any(
                isinstance(a, bool) or not isinstance(a, numbers.Integral) for a in profile):
            raise TypeError(f"{name} must be a sequence of action indices, got {profile!r}")
        profile = tuple(int(a) for a in profile)
        if len(profile) != self.n_players or any(
                not 0 <= a < k for a, k in zip(profile, self.shape, strict=True)):
            raise ValueError(f"{name} must hold one action index per player within {self.shape}, "
                             f"got {profile}")
        return profile

    @property
    def payoff_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Each player's lowest and highest payoff (read-only arrays of ``n_players``)."""
        return self._payoff_bounds

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (self.players == other.players and self.actions == other.actions
                and np.array_equal(self._payoffs, other._payoffs))

    def __hash__(self) -> int:
        return hash((self.players, self.actions, self._payoffs.tobytes()))

    def __repr__(self) -> str:
        return f"NormalFormGame({self.title!r}, players={self.n_players}, shape={self.shape})"

    # ------------------------------------------------------------------ conversion
    def to_nashpy(self) -> Any:
        """The equivalent :class:`nashpy.Game` (two players only).

        Raises
        ------
        ImportError
            If nashpy is not installed (``pip install 'ica_model[interop]'``).
        """
        try:
            import nashpy
        except ImportError as error:
            raise ImportError(
                "to_nashpy() needs nashpy, an optional dependency: "
                "pip install 'ica_model[interop]'"
            ) from error

        if self.n_players != 2:
            raise ValueError(f"nashpy handles games of 2 players; this game has {self.n_players}")
        return nashpy.Game(np.array(self._payoffs[0]), np.array(self._payoffs[1]))

    def to_pygambit(self) -> Any:
        """The equivalent ``pygambit`` table game (pygambit is GPL; install it yourself).

        Payoffs are passed as floats; names of players and actions are carried over. Works
        with pygambit 16 (``Game.from_arrays``, labels set on the player and strategy
        objects) and 17 (``StrategicGame.from_arrays``, which replaced
        ``Game.from_arrays``; labels set with ``relabel_players`` and
        ``relabel_strategies``).

        Raises
        ------
        ValueError
            With pygambit 17, if player names are not unique or a name or an action name
            is not a valid gambit label (empty, or starting or ending with whitespace);
            pygambit 16 accepts such names.
        """
        try:
            import pygambit
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError("to_pygambit needs pygambit: pip install pygambit") from error
        arrays = [np.array(p) for p in self._payoffs]
        strategic = getattr(pygambit, "StrategicGame", None)
        if strategic is None:  # pygambit 16: players and strategies are labelled objects
            game = pygambit.Game.from_arrays(*arrays, title=self.title)
            for player, name, labels in zip(game.players, self.players, self.actions, strict=True):
                player.label = name
                for strategy, label in zip(player.strategies, labels, strict=True):
                    strategy.label = label
            return game
        # pygambit 17: players and strategies are labels, "1", "2", ... until relabelled
        game = strategic.from_arrays(*arrays, title=self.title)
        try:
            game.relabel_players({str(i + 1): name for i, name in enumerate(self.players)})
            for name, labels in zip(self.players, self.actions, strict=True):
                game.relabel_strategies(name, {str(j + 1): label for j, label in enumerate(labels)})
        except ValueError as error:
            raise ValueError(f"pygambit {pygambit.__version__} needs unique, well-formed labels "
                             f"(players {list(self.players)}, actions "
                             f"{[list(a) for a in self.actions]}): {error}") from error
        return game
