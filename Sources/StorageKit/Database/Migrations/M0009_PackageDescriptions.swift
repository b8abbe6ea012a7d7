import QueueKit

extension StorageMigrations {
    /// What a pipeline says of a package when it stores it, kept and returned as the
    /// Storage Service does: its type, the pipeline it came from (Archivematica's index
    /// rebuild keeps only its own pipeline's packages), `misc_attributes`, the PREMIS
    /// events and agents it sent (for the pointer file), and the packages it relates to
    /// (a DIP and its AIP), one row per pair, read both ways.
    static let m0009PackageDescriptions = Migration(component: component, version: 9, name: "package types, origins and relations", sql: #"""
        ALTER TABLE packages
          ADD COLUMN package_type text NOT NULL DEFAULT 'AIP' CHECK (package_type IN ('AIP', 'AIC', 'DIP', 'transfer')),
          ADD COLUMN origin_pipeline uuid,
          ADD COLUMN misc_attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(misc_attributes) = 'object'),
          ADD COLUMN premis jsonb;
        CREATE TABLE package_relations (
          package_uuid uuid NOT NULL REFERENCES packages,
          related_uuid uuid NOT NULL,
          PRIMARY KEY (package_uuid, related_uuid)
        );
        CREATE INDEX package_relations_related ON package_relations (related_uuid);
        """#)
}
