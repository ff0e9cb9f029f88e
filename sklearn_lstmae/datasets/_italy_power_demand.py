"""Loader of the ItalyPowerDemand dataset that ships inside the package."""

from ._shipped import load_shipped

__all__ = ["load_italy_power_demand"]


def load_italy_power_demand(*, subset="all", return_X_y=False):
    """Load the ItalyPowerDemand dataset (univariate sequences, 2 classes).

    1096 days of Italian electrical power demand, 24 hourly values each,
    labelled by the half of the year they fall in. It is small enough to ship
    inside the package and to train on in seconds. See the ``DESCR`` field for
    the source and the citations.

    =================   ==============
    Classes                          2
    Samples total                 1096
    Samples (train/test)      67 / 1029
    Time steps                      24
    Features per step                1
    =================   ==============

    Parameters
    ----------
    subset : {"all", "train", "test"}, default="all"
        Which part of the archive's train/test split to load; ``"all"`` is the
        train part followed by the test part.

    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with the attributes:

        data : ndarray of shape (n_samples, 24)
            One daily series per row.
        target : ndarray of shape (n_samples,)
            Class of each series: 1 for October to March, 2 for April to
            September.
        target_names : list of str
            What each class means.
        DESCR : str
            Description of the dataset, with its citations.

    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from sklearn_lstmae.datasets import load_italy_power_demand
    >>> X, y = load_italy_power_demand(subset="train", return_X_y=True)
    >>> X.shape, y.shape
    ((67, 24), (67,))
    """
    return load_shipped(
        "italy_power_demand",
        subset=subset,
        return_X_y=return_X_y,
        target_names=["October to March", "April to September"],
    )
