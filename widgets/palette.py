"""The one colour palette of the pack, for participants' widgets and analysts' charts alike.

Okabe–Ito: distinguishable with every common kind of colour blindness. Always pair a colour with a
text cue (a label, a marker shape, a hatch); colour is never the only way to tell things apart.
"""

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
