import { storedZip } from '@app/documents';

/** A ZIP archive (entries stored) holding `entries`, in order: libs/documents' writer, under the tests' name. */
export const zipOf = (entries: Record<string, string | Buffer>, options: { zip64?: boolean; comment?: string } = {}): Buffer => storedZip(entries, options);

/** The smallest DOCX, XLSX and OFD packages: their required entries and little else. */
export const docxBytes = () =>
  zipOf({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': '<?xml version="1.0"?><Relationships/>',
    'word/document.xml': '<?xml version="1.0"?><w:document/>',
  });

export const xlsxBytes = () =>
  zipOf({
    '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
    '_rels/.rels': '<?xml version="1.0"?><Relationships/>',
    'xl/workbook.xml': '<?xml version="1.0"?><workbook/>',
  });

export const ofdBytes = () =>
  zipOf({
    'OFD.xml': '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>',
    'Doc_0/Document.xml': '<ofd:Document/>',
  });
