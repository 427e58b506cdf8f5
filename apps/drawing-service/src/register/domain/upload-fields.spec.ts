import { DomainError } from '@connect/contracts';
import { checkUploadFields } from './upload-fields';

const valid = { areaId: 'a', disciplineId: 'd', drawingNumber: ' A-101 ', title: 'Ground floor', revisionNumber: '1' };

describe('checkUploadFields (D1 upload form)', () => {
  it('accepts the required fields, trims them, and maps empty optional ones to null', () => {
    expect(checkUploadFields({ ...valid, setId: '', drawingDate: '2024-05-01' })).toEqual({
      areaId: 'a',
      disciplineId: 'd',
      setId: null,
      drawingNumber: 'A-101',
      title: 'Ground floor',
      revisionNumber: '1',
      revisionStatus: null,
      drawingDate: '2024-05-01',
      receivedDate: null,
    });
  });

  it('refuses with VALIDATION_FAILED naming every missing field', () => {
    try {
      checkUploadFields({ areaId: 'a', title: '  ' });
      fail('expected a refusal');
    } catch (err) {
      expect((err as DomainError).code).toBe('VALIDATION_FAILED');
      expect((err as Error).message).toMatch(/disciplineId.*drawingNumber.*title.*revisionNumber/);
    }
  });

  it('refuses dates that are not ISO-8601', () => {
    expect(() => checkUploadFields({ ...valid, receivedDate: 'yesterday' })).toThrow(/receivedDate/);
  });
});
