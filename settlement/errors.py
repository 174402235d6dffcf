"""The one exception of the settlement package: input the arithmetic cannot work with."""


class SettlementError(ValueError):
    """Bad input to a settlement function (a negative amount, fractions of a grosz, no rate in force...).

    The web layer validates what people type before it reaches this package, so this signals a
    programming or data error, never a user's mistake to show on a form."""
