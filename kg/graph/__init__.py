"""The knowledge graph as one NetworkX ``MultiDiGraph``.

Nodes are keyed by the entity's IRI path below ``kg.vocab.BASE`` (``person/张良``,
``org/北京市总工会``, ``place/北京市``, ``title/副主席``, ``honor/劳动模范``,
``event/<id>``, ``position/<id>``, ``article/<page>/<n>``, ``page/<page>``).

Node attributes
    type      Person | Organization | Place | Title | Honor | Event | Position | Article | Page
    name      canonical name (for an Article: its headline)
    aliases   sorted list of every other surface form
    + Event: ``kind`` (Meeting, Ceremony, …) and ``date`` (``--04-29`` or ``2023-05-11``)
    + Place: ``kind`` (province, city, district, town, venue …)
    + Article: ``page`` (page node key), ``index``
    + Page: ``path``

Edges carry ``rel`` (the edge key: ``rel``, or ``rel|article|start`` for a fact read from a
sentence), the name of one relation of ``kg.schema.RELATIONS``
(which gives its domain and range node types, e.g. ``holds``: Person → Position, ``award``:
Person | Organization → Honor, ``awardee``: Event → Person | Organization), and, where read
from text, ``article`` (article node key) and ``evidence`` (a dict: ``sentence``, ``start``,
``end`` offsets in the page file; one dict for all the edges read from one sentence, not to be
changed).
"""
