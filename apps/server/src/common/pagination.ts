import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
/** Far beyond any real list, and small enough that the offset stays an ordinary integer. */
export const MAX_PAGE = 100_000;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1, description: 'Page number, from 1' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 20;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageOf<T>(items: T[], total: number, query: PageQueryDto): Page<T> {
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** An OpenAPI schema for Page<T>: the same shape, with the item type named. */
export function PageDto<T>(item: new () => T): new () => Page<T> {
  class PageOfItem implements Page<T> {
    @ApiProperty({ type: [item] })
    items: T[];
    @ApiProperty({ example: 42 })
    total: number;
    @ApiProperty({ example: 1 })
    page: number;
    @ApiProperty({ example: 20 })
    pageSize: number;
  }
  Object.defineProperty(PageOfItem, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  return PageOfItem;
}
