import { Type } from 'class-transformer';
import { IsInt, IsString, ValidateNested } from 'class-validator';
import { validatePayload } from './validation';

class Inner {
  @IsInt() n!: number;
}
class Outer {
  @IsString() name!: string;
  @ValidateNested() @Type(() => Inner) inner!: Inner;
}

describe('validatePayload', () => {
  it('returns an instance of the contract class', async () => {
    const v = await validatePayload(Outer, { name: 'a', inner: { n: 1 } });
    expect(v).toBeInstanceOf(Outer);
    expect(v.inner).toBeInstanceOf(Inner);
  });

  it('rejects with MESSAGE_INVALID naming every bad path, nested ones included', async () => {
    await expect(validatePayload(Outer, { name: 1, inner: { n: 'x' } })).rejects.toMatchObject({
      code: 'MESSAGE_INVALID',
      message: expect.stringMatching(/name: .*inner\.n: /s),
    });
  });

  it('rejects what is not an object', async () => {
    await expect(validatePayload(Outer, null)).rejects.toMatchObject({ code: 'MESSAGE_INVALID' });
    await expect(validatePayload(Outer, [1])).rejects.toMatchObject({ code: 'MESSAGE_INVALID' });
  });
});
