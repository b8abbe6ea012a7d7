import QueueKit

extension StorageMigrations {
    /// The file index Archivematica keeps of a package in its Storage Service
    /// (`file/<uuid>/contents/`) and looks files up in (`file/metadata/`): one row per
    /// file as the pipeline described it, searched by each field it is looked up by.
    static let m0010PackageFiles = Migration(component: component, version: 10, name: "package file index", sql: #"""
        CREATE TABLE package_files (
          id             bigserial PRIMARY KEY,
          package_uuid   uuid NOT NULL REFERENCES packages,
          name           text NOT NULL,
          source_id      text NOT NULL,
          source_package text NOT NULL,
          accessionid    text NOT NULL,
          origin         text NOT NULL,
          checksum       text NOT NULL DEFAULT ''
        );
        CREATE INDEX package_files_package ON package_files (package_uuid, id);
        CREATE INDEX package_files_name ON package_files (name);
        CREATE INDEX package_files_source_id ON package_files (source_id);
        CREATE INDEX package_files_accessionid ON package_files (accessionid);
        CREATE INDEX package_files_source_package ON package_files (source_package);
        """#)
}
