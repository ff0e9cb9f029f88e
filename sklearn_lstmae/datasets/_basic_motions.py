"""Loader of the BasicMotions dataset that ships inside the package."""

from ._shipped import load_shipped

__all__ = ["load_basic_motions"]

CLASSES = ("standing", "walking", "running", "badminton")


def load_basic_motions(*, subset="all", return_X_y=False):
    """Load the BasicMotions dataset (6 values per step, 4 classes).

    80 recordings of 10 seconds from a smart watch, worn while standing,
    walking, running or playing badminton: at each of 100 steps (10 per
    second), the three axes of its accelerometer and of its gyroscope. A
    multivariate dataset on which bottleneck features help: a linear model on
    them tells the activities apart far better than the nearest neighbour on
    the raw series. See the ``DESCR`` field for the source and the citation.

    =================   ==============
    Classes                          4
    Samples total                   80
    Samples (train/test)       40 / 40
    Time steps                     100
    Features per step                6
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

        data : ndarray of shape (n_samples, 100, 6)
            One recording per row, steps first: accelerometer x, y, z, then
            gyroscope x, y, z at each step.
        target : ndarray of shape (n_samples,)
            Activity of each recording, an index into ``target_names``.
        target_names : list of str
            ``["standing", "walking", "running", "badminton"]``.
        DESCR : str
            Description of the dataset, with its citation.

    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from sklearn_lstmae.datasets import load_basic_motions
    >>> X, y = load_basic_motions(subset="train", return_X_y=True)
    >>> X.shape, y.shape
    ((40, 100, 6), (40,))
    """
    return load_shipped(
        "basic_motions", subset=subset, return_X_y=return_X_y, target_names=CLASSES
    )
