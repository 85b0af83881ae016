"""Compiled kernel of the cascade solver (numba, optional).

One pseudo-transient Newton step for models whose aqueous contents are the state itself
(all three shipped models) without organic recycle: the scaled
block-tridiagonal system

    D_j δ_j + L_j δ_{j−1} + U_j δ_{j+1} = −r_j / s_j,
    D_j = ((O + σH_j) ∂o_j/∂z + (A_j + σH_j) I) diag(z_j) / s_j,
    L_j = −O ∂o_{j−1}/∂z diag(z_{j−1}) / s_j,   U_j = −A'_j diag(z_{j+1}) / s_j,

is solved by block-Thomas elimination: forward, S_j = D_j − L_j C_{j−1} is factorised by Gaussian
elimination with partial pivoting (M × M), C_j = S_j⁻¹ U_j, b'_j = S_j⁻¹ (b_j − L_j b'_{j−1}); back,
δ_j = b'_j − C_j δ_{j+1}. Without pivoting across stages this is stable for the column
diagonally dominant Jacobians of counter-current cascades; a zero pivot returns NaN and the
solver then uses LAPACK's banded LU. Compiled with ``cache=True`` (the machine code is kept in
``__pycache__``). ``block_tridiagonal_step`` is ``None`` when numba is not installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["block_tridiagonal_step"]



def _load_numba() -> Any:
    """The numba module, or None: without it the solver uses LAPACK's banded LU for every step."""
    try:
        return importlib.import_module("numba")
    except ImportError:
        return None


_numba = _load_numba()


def _block_tridiagonal_step(
    d_org: np.ndarray,
    aq_out: np.ndarray,
    aq_next: np.ndarray,
    flow_o: float,
    holdup: np.ndarray,
    sigma: float,
    row: np.ndarray,
    z: np.ndarray,
    residual: np.ndarray,
) -> np.ndarray:
    """Pseudo-transient Newton correction δ = dz/z by block-Thomas elimination (see module doc).

    ``d_org`` (N, M, M) is ∂o/∂z; ``aq_out``/``aq_next`` the aqueous flows leaving stage j and
    entering it from j+1 (m³/s); ``holdup`` the stage throughput H (m³/s); ``row`` = 1/scale;
    ``z`` the state (mol/m³); ``residual`` the stage residuals (mol/s). Returns δ, shape (N, M),
    or NaN everywhere on a zero pivot.
    """
    n, m = z.shape
    cp = np.empty((n, m, m))   # C'_j
    bp = np.empty((n, m))      # b'_j
    s = np.empty((m, m))
    r = np.empty((m, m + 1))
    for j in range(n):
        hj = sigma * holdup[j]
        for p in range(m):
            for q in range(m):
                s[p, q] = (flow_o + hj) * d_org[j, p, q] * row[j, p] * z[j, q]
            s[p, p] += (aq_out[j] + hj) * row[j, p] * z[j, p]
            for q in range(m + 1):
                r[p, q] = 0.0
            if j < n - 1:
                r[p, p] = -aq_next[j] * row[j, p] * z[j + 1, p]
            r[p, m] = -residual[j, p] * row[j, p]
        if j > 0:
            # S -= L C'_{j-1};  rhs_b -= L b'_{j-1};  L[p,k] = -O do_{j-1}[p,k] row_j[p] z_{j-1}[k]
            for p in range(m):
                for k in range(m):
                    lpk = -flow_o * d_org[j - 1, p, k] * row[j, p] * z[j - 1, k]
                    if lpk != 0.0:
                        for q in range(m):
                            s[p, q] -= lpk * cp[j - 1, k, q]
                        r[p, m] -= lpk * bp[j - 1, k]
        # Gaussian elimination with partial pivoting on s, rhs r
        for c in range(m):
            piv = c
            big = abs(s[c, c])
            for p in range(c + 1, m):
                if abs(s[p, c]) > big:
                    big = abs(s[p, c]); piv = p
            if big == 0.0:
                return np.full((n, m), np.nan)
            if piv != c:
                for q in range(m):
                    s[c, q], s[piv, q] = s[piv, q], s[c, q]
                for q in range(m + 1):
                    r[c, q], r[piv, q] = r[piv, q], r[c, q]
            inv = 1.0 / s[c, c]
            for p in range(c + 1, m):
                f = s[p, c] * inv
                if f != 0.0:
                    for q in range(c, m):
                        s[p, q] -= f * s[c, q]
                    for q in range(m + 1):
                        r[p, q] -= f * r[c, q]
        for c in range(m - 1, -1, -1):
            for q in range(m + 1):
                acc = r[c, q]
                for k in range(c + 1, m):
                    acc -= s[c, k] * r[k, q]
                r[c, q] = acc / s[c, c]
        for p in range(m):
            for q in range(m):
                cp[j, p, q] = r[p, q]
            bp[j, p] = r[p, m]
    x = np.empty((n, m))
    for p in range(m):
        x[n - 1, p] = bp[n - 1, p]
    for j in range(n - 2, -1, -1):
        for p in range(m):
            acc = bp[j, p]
            for q in range(m):
                acc -= cp[j, p, q] * x[j + 1, q]
            x[j, p] = acc
    return x


block_tridiagonal_step: Callable[..., Any] | None = (
    _numba.njit(cache=True)(_block_tridiagonal_step) if _numba is not None else None
)
