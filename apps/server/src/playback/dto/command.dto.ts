import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { COMMAND_TYPES, type CommandType } from '@loa/protocol';

export class SendCommandDto {
  @ApiProperty({
    enum: COMMAND_TYPES,
    description: 'reload the page, show the screen’s name big, or send a screenshot',
  })
  @IsIn(COMMAND_TYPES)
  type: CommandType;

  @ApiPropertyOptional({ description: 'For identify: seconds to show the name (default 10)', minimum: 1, maximum: 300 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(300)
  seconds?: number;
}

export class CommandResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: COMMAND_TYPES }) type: CommandType;
  @ApiProperty({ format: 'date-time' }) answeredAt: string;
  @ApiPropertyOptional({ description: 'For screenshot: where the picture is (GET with your token)' })
  screenshotUrl?: string;
}
