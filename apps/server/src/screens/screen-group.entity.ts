import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ScreenKind } from '@loa/screens';

/**
 * A dynamic group: every screen, now or later, that matches its tags, localities and kinds,
 * within what its organisation can see ("all transit screens in Quận 1 tagged bến xe").
 */
@Entity('screen_groups')
export class ScreenGroup {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Index()
  @Column({ type: 'varchar', length: 1024 })
  organisationPath: string;

  @Column({ type: 'simple-json' })
  tags: string[];

  @Column({ type: 'simple-json' })
  localityIds: string[];

  @Column({ type: 'simple-json' })
  kinds: ScreenKind[];

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
