import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ScheduleWindowQueryDto } from '../../campaigns/dto/schedule.dto.js';

export const REPORT_GROUPINGS = ['campaign', 'creative', 'screen', 'district', 'day'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

export class PlaysReportQueryDto extends ScheduleWindowQueryDto {
  @ApiProperty({ enum: REPORT_GROUPINGS, description: 'One row per campaign, creative, screen, district or day' })
  @IsIn(REPORT_GROUPINGS)
  by: ReportGrouping;
}

export class PlaysReportRowDto {
  @ApiProperty({ description: 'The id of what the row is about (the day, YYYY-MM-DD, for days); "" for none' })
  key: string;
  @ApiProperty({ description: 'Its name, title or day; empty for plays of no campaign (default content, emergencies)' })
  name: string;
  @ApiProperty() plays: number;
  @ApiProperty() seconds: number;
  @ApiProperty() screens: number;
}

export class PlaysReportDto {
  @ApiProperty({ enum: REPORT_GROUPINGS }) by: ReportGrouping;
  @ApiProperty({ type: String, format: 'date-time' }) from: string;
  @ApiProperty({ type: String, format: 'date-time' }) to: string;
  @ApiProperty({ type: [PlaysReportRowDto] }) rows: PlaysReportRowDto[];
  @ApiProperty() plays: number;
  @ApiProperty() airtimeHours: number;
}

export class DeploymentRowDto {
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty({ example: 'Huyện Ba Bể' }) district: string;
  @ApiProperty({ description: 'Screens registered there' }) screens: number;
  @ApiProperty({ description: 'Of those, online now' }) online: number;
  @ApiProperty({ description: 'Plays shown in the range, from proof of play' }) plays: number;
  @ApiProperty() airtimeHours: number;
}

export class DeploymentReportDto {
  @ApiProperty({ type: String, format: 'date-time' }) from: string;
  @ApiProperty({ type: String, format: 'date-time' }) to: string;
  @ApiProperty({ type: String, format: 'date-time' }) madeAt: string;
  @ApiProperty({ type: [DeploymentRowDto] }) rows: DeploymentRowDto[];
  @ApiProperty({ type: DeploymentRowDto }) total: DeploymentRowDto;
}
