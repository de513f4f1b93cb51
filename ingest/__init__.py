"""Sources to RDF: region data folders, RDF files, Chinese articles, the A-share
chain data set. Every importer builds a ``SourceGraph`` and hands it to
``chainkg.ingest.pipeline.write_source``, which validates and writes it as one
transaction."""
