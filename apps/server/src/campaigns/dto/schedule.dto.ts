import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsInstant } from '../../common/validators.js';

export class ScheduleWindowQueryDto {
  @ApiProperty({ example: '2020-08-20T08:00:00+07:00' })
  @IsInstant()
  from: string;

  @ApiProperty({ example: '2020-08-20T09:00:00+07:00' })
  @IsInstant()
  to: string;
}

export class ScheduledPlayDto {
  @ApiProperty({ type: String, format: 'date-time' }) start: string;
  @ApiProperty({ type: String, format: 'date-time' }) end: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) creativeId: string | null;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ enum: ['campaign', 'donation', 'filler', 'emergency'] }) reason: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) campaignId: string | null;
  @ApiProperty({ type: String, nullable: true }) campaignName: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) donationId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) emergencyId: string | null;
  @ApiProperty({ type: String, nullable: true }) message: string | null;
  @ApiProperty({ description: 'Started late or ended early (an emergency cut in or ended)' }) cut: boolean;
}

export class ScreenScheduleDto {
  @ApiProperty({ format: 'uuid' }) screenId: string;
  @ApiProperty() loopSeconds: number;
  @ApiProperty() slotSeconds: number;
  @ApiProperty({ type: [ScheduledPlayDto] }) plays: ScheduledPlayDto[];
  @ApiProperty({ description: 'Plays beyond the first 5,000 were left out' }) truncated: boolean;
}

export class ReachRowDto {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty() screens: number;
  @ApiProperty({ description: 'Plays in the screens’ own airtime' }) plays: number;
  @ApiProperty({ description: 'Plays in donated airtime' }) donatedPlays: number;
  @ApiProperty() airtimeSeconds: number;
}

export class CampaignReachDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ type: String, format: 'date-time' }) from: string;
  @ApiProperty({ type: String, format: 'date-time' }) to: string;
  @ApiProperty({ type: ReachRowDto }) total: ReachRowDto;
  @ApiProperty({ type: [ReachRowDto], description: 'By the locality each screen stands in' }) byLocality: ReachRowDto[];
  @ApiProperty({ type: [ReachRowDto] }) byKind: ReachRowDto[];
}

export class LoopPolicyDto {
  @ApiProperty({ example: 'kind:transit', description: '"kind:<screen kind>" or "profile:<screen profile key>"' })
  key: string;
  @ApiProperty() loopSeconds: number;
  @ApiProperty() slotSeconds: number;
}

export class PutLoopPolicyDto {
  @ApiProperty({ example: 120, description: 'Divides an hour: 60, 120, 300 …' })
  @IsInt()
  @Min(5)
  @Max(3600)
  loopSeconds: number;

  @ApiProperty({ example: 10, description: 'Divides the loop' })
  @IsInt()
  @Min(1)
  @Max(3600)
  slotSeconds: number;
}

export class DonationForecastCampaignDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty() name: string;
  @ApiProperty() plays: number;
  @ApiProperty() airtimeSeconds: number;
}

export class DayOfPlaysDto {
  @ApiProperty({ example: '2020-08-20', description: 'The day in Vietnam’s time (Asia/Ho_Chi_Minh)' }) day: string;
  @ApiProperty({ description: 'Plays shown (skipped ones are not counted)' }) plays: number;
  @ApiProperty({ description: 'Seconds on screen' }) seconds: number;
  @ApiProperty({ description: 'Screens that showed them' }) screens: number;
}

export class DonationReportDto {
  @ApiProperty({ format: 'uuid' }) donationId: string;
  @ApiProperty({ type: String, format: 'date-time' }) from: string;
  @ApiProperty({ type: String, format: 'date-time' }) to: string;
  @ApiProperty({ type: [DayOfPlaysDto] }) days: DayOfPlaysDto[];
  @ApiProperty() plays: number;
  @ApiProperty({ description: 'Hours of airtime delivered, from the players’ proof of play' }) airtimeHours: number;
}

export class DonationForecastDto {
  @ApiProperty({ format: 'uuid' }) donationId: string;
  @ApiProperty({ type: String, format: 'date-time' }) from: string;
  @ApiProperty({ type: String, format: 'date-time' }) to: string;
  @ApiProperty({ description: 'Screens of the donor the donation covers' }) screens: number;
  @ApiProperty({ description: 'Donated plays planned in the window' }) plays: number;
  @ApiProperty() airtimeSeconds: number;
  @ApiProperty({ description: 'Donated seconds nothing eligible could fill (they went back to the donor’s content)' })
  shortfallSeconds: number;
  @ApiProperty({ type: [DonationForecastCampaignDto] }) byCampaign: DonationForecastCampaignDto[];
}
