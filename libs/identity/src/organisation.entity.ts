import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrganisationKind } from './organisation-kind';

export { ORGANISATION_KINDS, type OrganisationKind } from './organisation-kind';


/** An organisation identified by its 统一社会信用代码. */
@Entity('organisation')
export class Organisation {
  @PrimaryColumn('uuid')
  id!: string;

  /** 统一社会信用代码 */
  @Column({ type: 'char', length: 18, unique: true })
  uscc!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: OrganisationKind;

  /** GB/T 2260 region code */
  @Column({ type: 'char', length: 6, name: 'region_code', nullable: true })
  regionCode!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
