import QueueKit

extension StorageMigrations {
    /// Locations belong to pipelines, as in the Storage Service: a location with no row
    /// here serves every pipeline, one with rows only those. A pipeline asks for "its"
    /// currently-processing location, and two pipelines must not share one by accident.
    /// The credentials a pipeline registers with are kept for the calls back to it
    /// (re-ingest), and no read of a pipeline returns them.
    static let m0008LocationPipelines = Migration(component: component, version: 8, name: "locations belong to pipelines", sql: #"""
        CREATE TABLE location_pipelines (
          location_uuid uuid NOT NULL REFERENCES locations ON DELETE CASCADE,
          pipeline_uuid uuid NOT NULL REFERENCES pipelines ON DELETE CASCADE,
          PRIMARY KEY (location_uuid, pipeline_uuid)
        );
        CREATE INDEX location_pipelines_pipeline ON location_pipelines (pipeline_uuid);
        ALTER TABLE pipelines ADD COLUMN api_username text NOT NULL DEFAULT '',
          ADD COLUMN api_key text NOT NULL DEFAULT '';
        """#)
}
