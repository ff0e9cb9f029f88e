"""How good are features: clustering agreement and linear-probe accuracy.

Both measures standardize the features first, so that neither k-means nor the
logistic regression favours the latent dimensions of largest scale. The demo
and the benchmarks score features with these same functions.
"""

import numpy as np
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.preprocessing import StandardScaler

__all__ = [
    "cluster_agreement",
    "evaluate_features",
    "kmeans_agreement",
]


def cluster_agreement(y, clusters):
    """Agreement of clusters with classes: adjusted Rand index and NMI.

    Parameters
    ----------
    y : array-like of shape (n_series,)
        Class labels.

    clusters : array-like of shape (n_series,)
        Cluster labels of the same series, from any clustering.

    Returns
    -------
    dict of str to float
        ``"ari"`` and ``"nmi"``: adjusted Rand index and normalized mutual
        information; both are 1 for a perfect match and about 0 for chance.

    Examples
    --------
    >>> from sklearn_lstmae._evaluation import cluster_agreement
    >>> cluster_agreement([0, 0, 1, 1], [1, 1, 0, 0])
    {'ari': 1.0, 'nmi': 1.0}
    """
    return {
        "ari": float(adjusted_rand_score(y, clusters)),
        "nmi": float(normalized_mutual_info_score(y, clusters)),
    }


def kmeans_agreement(Z, y, *, random_state):
    """Cluster ``Z`` with k-means, k the number of classes; score the clusters.

    Parameters
    ----------
    Z : array-like of shape (n_series, n_features)
        Features of the series, clustered as given (scale them first if their
        scales should not weigh them).

    y : array-like of shape (n_series,)
        Their class labels, which set k and score the clusters.

    random_state : int
        Seeds k-means.

    Returns
    -------
    dict of str to float
        :func:`cluster_agreement` of the k-means clusters (10 initialisations)
        with the classes.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._evaluation import kmeans_agreement
    >>> Z = np.array([[0.0], [0.1], [5.0], [5.1]])
    >>> kmeans_agreement(Z, [0, 0, 1, 1], random_state=0)
    {'ari': 1.0, 'nmi': 1.0}
    """
    clusters = KMeans(
        n_clusters=len(np.unique(y)), n_init=10, random_state=random_state
    ).fit_predict(Z)
    return cluster_agreement(y, clusters)


def evaluate_features(Z_train, y_train, Z_test, y_test, *, random_state):
    """Score features of the train and test series against their labels.

    Parameters
    ----------
    Z_train, Z_test : array-like of shape (n_series, n_features)
        Features of the train and test series, e.g. ``transform``'s output.

    y_train, y_test : array-like of shape (n_series,)
        Their class labels.

    random_state : int
        Seeds k-means.

    Returns
    -------
    dict of str to float
        ``"ari"`` and ``"nmi"``: adjusted Rand index and normalized mutual
        information between the classes and k-means clusters (k = number of
        classes, 10 initialisations) of all series, train and test together,
        with features standardized over all of them. Unsupervised, as the
        features were learned. ``"accuracy"``: test accuracy of a logistic
        regression trained on the train series, with features standardized by
        the train statistics.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_lstmae._evaluation import evaluate_features
    >>> Z = np.array([[0.0], [0.1], [5.0], [5.1]])
    >>> y = np.array([0, 0, 1, 1])
    >>> evaluate_features(Z, y, Z, y, random_state=0)
    {'ari': 1.0, 'nmi': 1.0, 'accuracy': 1.0}
    """
    Z_all = StandardScaler().fit_transform(np.concatenate([Z_train, Z_test]))
    y_all = np.concatenate([y_train, y_test])
    scores = kmeans_agreement(Z_all, y_all, random_state=random_state)

    scaler = StandardScaler().fit(Z_train)
    probe = LogisticRegression(max_iter=1000).fit(scaler.transform(Z_train), y_train)
    scores["accuracy"] = float(probe.score(scaler.transform(Z_test), y_test))
    return scores
