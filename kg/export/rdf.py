"""The graph as RDF, following ``CONTRACT.md`` (schema.org, W3C ORG, SKOS, PROV-O).

Shape (``id:`` is ``https://kg.example/id/``, ``kg:`` the ontology in ``ontology/kg.ttl``)::

    id:person/张良   a schema:Person ; schema:name "张良"@zh ; schema:alternateName "…"@zh .
    id:org/北京市总工会 a schema:Organization ; schema:name "北京市总工会"@zh ;
                     schema:alternateName "市总工会"@zh ;
                     schema:location id:place/北京市 ; org:subOrganizationOf id:org/… .
    id:place/门头沟区 a schema:Place ; schema:name "门头沟区"@zh ; kg:kind "district" ;
                     schema:containedInPlace id:place/北京市 .
    id:title/副主席  a org:Role ; skos:prefLabel "副主席"@zh .
    id:honor/劳动模范 a kg:Honor ; schema:name "劳动模范"@zh ; schema:alternateName "劳模"@zh .

    id:position/<h>  a org:Membership ; org:member id:person/张良 ; org:role id:title/副主席 ;
                     org:organization id:org/北京市总工会 ;
                     prov:wasDerivedFrom id:article/<page>/<n> ; kg:evidence id:evidence/<h> .
    id:person/史晓刚 schema:award id:honor/劳动模范 .
    id:award/<h>     a kg:AwardStatement ; kg:recipient id:person/史晓刚 ; kg:honor id:honor/劳动模范 ;
                     prov:wasDerivedFrom id:article/… ; kg:evidence id:evidence/… .
    id:event/<h>     a schema:Event, kg:Meeting ; schema:name "…"@zh ; schema:alternateName "…"@zh ;
                     schema:startDate "--04-29"^^xsd:gMonthDay ; schema:location id:place/… ;
                     schema:organizer id:org/… ; kg:chair id:person/… ; kg:speaker … ;
                     schema:attendee … ; kg:host … ; kg:coHost … ; kg:awardee … ;
                     prov:wasDerivedFrom id:article/… ; kg:evidence id:evidence/… .
    id:article/<page>/<n> a schema:NewsArticle ; schema:headline "…"@zh ; schema:position n ;
                     schema:isPartOf id:page/<page> ; schema:mentions id:… ;
                     schema:author id:person/白莹 ; kg:photographer … ; kg:correspondent … .
    id:page/<page>   a kg:Page ; schema:name "<file name>" .
    id:evidence/<h>  a kg:Evidence ; kg:sentence "…"@zh ; kg:startOffset 12 ; kg:endOffset 80 ;
                     prov:wasDerivedFrom id:article/… .

In TriG each article's statements (and the type and names of every entity it mentions) sit
in the named graph whose name is the article's IRI; page nodes, gazetteer hierarchy and
name-derived facts sit in the default graph.
"""
